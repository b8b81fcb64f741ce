package io.kmirror.replicator.testing;

import java.io.StringWriter;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures every log line (message and stack trace) while open, with kmirror at DEBUG and Kafka's
 * clients at INFO (where they print their configs); restores the levels on close.
 */
public final class LogCapture implements AutoCloseable {

  private static final String NAME = "kmirror-test-capture";
  private static final Map<String, Level> LEVELS =
      Map.of("io.kmirror", Level.DEBUG, "org.apache.kafka.clients", Level.INFO);

  private final StringWriter writer = new StringWriter();
  private final Map<String, Level> previous = new java.util.HashMap<>();

  private LogCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    WriterAppender appender =
        WriterAppender.newBuilder()
            .setName(NAME)
            .setTarget(writer)
            .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%ex").build())
            .build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    LEVELS.forEach(
        (logger, level) -> {
          previous.put(logger, LogManager.getLogger(logger).getLevel());
          Configurator.setLevel(logger, level);
        });
    context.updateLoggers();
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** Everything logged so far. */
  public String text() {
    synchronized (writer) {
      return writer.toString();
    }
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(NAME);
    previous.forEach(Configurator::setLevel);
    context.updateLoggers();
  }
}

package io.kmirror.replicator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * kmirror's own log lines ({@code io.kmirror}, INFO and above) while it is open, for tests that
 * assert what an operator would read. Close it to stop collecting.
 */
public final class LogLines implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final LoggerConfig logger;
  private final AbstractAppender appender;

  private LogLines() {
    context = (LoggerContext) LogManager.getContext(false);
    logger = context.getConfiguration().getLoggerConfig("io.kmirror");
    appender =
        new AbstractAppender(
            "log-lines-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
          }
        };
    appender.start();
    logger.addAppender(appender, Level.INFO, null);
    context.updateLoggers();
  }

  public static LogLines capture() {
    return new LogLines();
  }

  /** The lines so far that contain {@code text}, each as {@code LEVEL message}. */
  public List<String> containing(String text) {
    return lines.stream().filter(l -> l.contains(text)).toList();
  }

  @Override
  public void close() {
    logger.removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}

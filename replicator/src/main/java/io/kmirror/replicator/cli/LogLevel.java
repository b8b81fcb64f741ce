package io.kmirror.replicator.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code --log-level} and {@code --quiet}: how much the process logs to standard error. The
 * command's own output (results on standard output, problems on standard error) is never affected.
 */
enum LogLevel {
  ERROR(Level.ERROR),
  WARN(Level.WARN),
  INFO(Level.INFO),
  DEBUG(Level.DEBUG);

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  /** kmirror's own loggers at this level; Kafka, Vert.x and Netty keep their quieter defaults. */
  void apply() {
    Configurator.setLevel("io.kmirror", level);
  }

  /** Errors only, from kmirror and from the libraries. */
  static void quiet() {
    Configurator.setRootLevel(Level.ERROR);
    for (String logger : new String[] {"io.kmirror", "org.apache.kafka", "kafka", "io.vertx"}) {
      Configurator.setLevel(logger, Level.ERROR);
    }
  }
}

package io.kmirror.broker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the brokers' own logging at a chosen level (WARN unless asked) when Log4j 2 is the logging
 * backend, without this module depending on it.
 *
 * <p>A broker logs through SLF4J under the packages below. If the running Log4j 2 configuration
 * names one of these loggers itself, that choice wins; only unnamed ones are set. With any other
 * backend, or none, nothing happens: the application's logging configuration decides. Of the
 * packages Kafka clients share with brokers, only three loggers are quieted, the ones that print a
 * block per broker start (config dumps, metrics reporters, version banners); an application that
 * wants its own clients' config dumps back names {@code
 * org.apache.kafka.common.config.AbstractConfig} in its configuration.
 */
final class KafkaLogLevels {

  static final List<String> BROKER_LOGGERS =
      List.of(
          "kafka",
          "state.change.logger",
          "org.apache.kafka.common.config.AbstractConfig",
          "org.apache.kafka.common.metrics.Metrics",
          "org.apache.kafka.common.utils.AppInfoParser",
          "org.apache.kafka.controller",
          "org.apache.kafka.coordinator",
          "org.apache.kafka.image",
          "org.apache.kafka.metadata",
          "org.apache.kafka.network",
          "org.apache.kafka.queue",
          "org.apache.kafka.raft",
          "org.apache.kafka.security",
          "org.apache.kafka.server",
          "org.apache.kafka.snapshot",
          "org.apache.kafka.storage");

  /**
   * Loggers that only complain about several brokers sharing one JVM (Yammer metrics registering
   * the same JMX name twice): nothing an embedded user can act on, so ERROR unless forced.
   */
  static final List<String> SHARED_JVM_LOGGERS =
      List.of("com.yammer.metrics.reporting.JmxReporter");

  private static final Logger LOG = LoggerFactory.getLogger(KafkaLogLevels.class);

  private KafkaLogLevels() {}

  /**
   * Sets every broker logger the configuration does not name to {@code level}; with {@code force},
   * named ones too. Returns whether Log4j 2 was there to be configured.
   */
  static boolean apply(String level, boolean force) {
    ClassLoader loader = KafkaLogLevels.class.getClassLoader();
    try {
      Object context =
          Class.forName("org.apache.logging.log4j.LogManager", true, loader)
              .getMethod("getContext", boolean.class)
              .invoke(null, false);
      Class<?> coreContext =
          Class.forName("org.apache.logging.log4j.core.LoggerContext", true, loader);
      if (!coreContext.isInstance(context)) {
        return false;
      }
      Object configuration = coreContext.getMethod("getConfiguration").invoke(context);
      Map<?, ?> named =
          (Map<?, ?>)
              Class.forName("org.apache.logging.log4j.core.config.Configuration", true, loader)
                  .getMethod("getLoggers")
                  .invoke(configuration);
      Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level", true, loader);
      Object log4jLevel = levelClass.getMethod("toLevel", String.class).invoke(null, level);
      Method setLevel =
          Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader)
              .getMethod("setLevel", String.class, levelClass);
      Object error = levelClass.getMethod("toLevel", String.class).invoke(null, "ERROR");
      for (String logger : BROKER_LOGGERS) {
        if (force || !named.containsKey(logger)) {
          setLevel.invoke(null, logger, log4jLevel);
        }
      }
      for (String logger : SHARED_JVM_LOGGERS) {
        if (force || !named.containsKey(logger)) {
          setLevel.invoke(null, logger, force ? log4jLevel : error);
        }
      }
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    } catch (ReflectiveOperationException | ClassCastException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      LOG.debug("cannot set broker log levels through Log4j 2: {}", cause.toString());
      return false;
    }
  }
}

package io.kmirror.topology;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The value rules shared by the records' compact constructors and the parser, so that a value is
 * judged the same way whether it comes from a file or from code. Each check returns the value or
 * throws {@link TopologyException} with the value and the rule's message.
 */
final class Rules {

  static final String INTERVAL =
      "is not a valid interval; expected a whole number of seconds, 1 or more";
  static final String REPLICATION_FACTOR =
      "is not a valid replication factor; expected -1 (the target broker's default)"
          + " or a whole number, 1 or more";
  static final String TASKS_MAX = "is not a valid task count; expected a whole number, 1 or more";
  static final String EMBEDDED_BROKERS =
      "is not a valid broker count; expected a whole number from 1 to "
          + Bootstrap.Embedded.MAX_BROKERS;
  static final String PORT = "is not a valid port; expected a whole number from 0 to 65535";
  static final String SEPARATOR = "is empty; expected one or more characters";
  static final String CLUSTER_ALIAS =
      "is not a valid cluster alias; expected letters, digits, '_' and '-'";
  static final String BOOTSTRAP = "is empty; expected host:port[,host:port...] or 'embedded'";
  static final String BOOLEAN = "is not a boolean; expected true or false";
  static final String EXACTLY_ONCE_NOT_BUILT =
      "asks for exactly-once mirroring, which this kmirror version does not provide yet;"
          + " expected false (at-least-once: nothing lost, duplicates possible after a crash)";
  static final String OFFSET_RESET_OWNED =
      "is set by kmirror (none: a position the source no longer holds is reported as a gap, never"
          + " skipped silently; a partition without progress starts at its log start); expected no"
          + " such key";
  static final String TOPICS_MAX =
      "is not a valid topic-label cap; expected a whole number, 1 or more";
  static final String HOST = "is empty; expected a host name or address to listen on";

  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_\\-]+");

  private Rules() {}

  static Duration interval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw TopologyException.invalid(seconds(interval), INTERVAL);
    }
    return interval;
  }

  static int replicationFactor(int factor) {
    if (factor != -1 && factor < 1) {
      throw TopologyException.invalid(Integer.toString(factor), REPLICATION_FACTOR);
    }
    return factor;
  }

  static int tasksMax(int tasks) {
    return atLeast(tasks, 1, TASKS_MAX);
  }

  static int topicsMax(int topics) {
    return atLeast(topics, 1, TOPICS_MAX);
  }

  static int embeddedBrokers(int brokers) {
    if (brokers < 1 || brokers > Bootstrap.Embedded.MAX_BROKERS) {
      throw TopologyException.invalid(Integer.toString(brokers), EMBEDDED_BROKERS);
    }
    return brokers;
  }

  static int port(int port) {
    if (port < 0 || port > 65535) {
      throw TopologyException.invalid(Integer.toString(port), PORT);
    }
    return port;
  }

  static String separator(String separator) {
    return notEmpty(separator, SEPARATOR);
  }

  static String clusterAlias(String alias) {
    if (!ALIAS.matcher(alias).matches()) {
      throw TopologyException.invalid(alias, CLUSTER_ALIAS);
    }
    return alias;
  }

  static String notBlank(String value, String message) {
    return notEmpty(value.isBlank() ? "" : value, message);
  }

  private static String notEmpty(String value, String message) {
    if (value.isEmpty()) {
      throw TopologyException.invalid(value, message);
    }
    return value;
  }

  private static int atLeast(int value, int min, String message) {
    if (value < min) {
      throw TopologyException.invalid(Integer.toString(value), message);
    }
    return value;
  }

  /** A duration as the file writes it: whole seconds, or Java's form when it has a fraction. */
  static String seconds(Duration interval) {
    return interval.toMillis() % 1000 == 0
        ? Long.toString(interval.toSeconds())
        : interval.toString();
  }
}

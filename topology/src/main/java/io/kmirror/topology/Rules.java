package io.kmirror.topology;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The value rules shared by the records' compact constructors and the parser, so that a value is
 * judged the same way whether it comes from a file or from code. Each check returns the value or
 * throws {@link TopologyException} with the value and the rule's message.
 */
final class Rules {

  /** The longest interval any periodic task accepts: one day. */
  static final long MAX_INTERVAL_SECONDS = 86_400;

  /** The longest a start-up or shutdown may be given: one hour. */
  static final long MAX_TIMEOUT_SECONDS = 3_600;

  static final int MAX_TASKS = 64;

  static final String INTERVAL =
      "is not a valid interval; expected a whole number of seconds from 1 to "
          + MAX_INTERVAL_SECONDS
          + " (one day)";
  static final String TIMEOUT =
      "is not a valid timeout; expected a whole number of seconds from 1 to "
          + MAX_TIMEOUT_SECONDS
          + " (one hour)";
  static final String REPLICATION_FACTOR =
      "is not a valid replication factor; expected -1 (the target broker's default)"
          + " or a whole number, 1 or more";
  static final String TASKS_MAX =
      "is not a valid task count; expected a whole number from 1 to " + MAX_TASKS;
  static final String EMBEDDED_BROKERS =
      "is not a valid broker count; expected a whole number from 1 to "
          + Bootstrap.Embedded.MAX_BROKERS;
  static final String PORT = "is not a valid port; expected a whole number from 0 to 65535";
  static final String SEPARATOR = "is empty; expected one or more characters";
  static final String CLUSTER_ALIAS =
      "is not a valid cluster alias; expected letters, digits, '_' and '-'";
  static final String BOOTSTRAP = "is empty; expected host:port[,host:port...] or 'embedded'";
  static final String ADDRESSES =
      "expected host:port[,host:port...] with each port from 1 to 65535, or 'embedded'";
  static final String BOOLEAN = "is not a boolean; expected true or false";
  static final String OFFSET_RESET_OWNED =
      "is set by kmirror (none: a position the source no longer holds is reported as a gap, never"
          + " skipped silently; a partition without progress starts at its log start); expected no"
          + " such key";
  static final String TOPICS_MAX =
      "is not a valid topic-label cap; expected a whole number, 1 or more";
  static final String HOST = "is empty; expected a host name or address to listen on";
  static final String INSTANCE_ID =
      "is not a valid instance id; expected 1 to "
          + KmirrorSettings.INSTANCE_ID_MAX_LENGTH
          + " letters, digits, '.', '_' and '-' (Kafka's rule for group.instance.id), or empty"
          + " for the default";

  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_\\-]+");
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._\\-]+");

  /** A host name, IPv4 address or bracketed IPv6 address, then a port. */
  private static final Pattern ADDRESS =
      Pattern.compile("(\\[[0-9A-Fa-f:.%A-Za-z]+\\]|[0-9A-Za-z_][0-9A-Za-z_.\\-]*):([0-9]+)");

  private Rules() {}

  /** A periodic task's interval: positive and at most {@value #MAX_INTERVAL_SECONDS} s. */
  static Duration interval(Duration interval) {
    return bounded(interval, MAX_INTERVAL_SECONDS, INTERVAL);
  }

  /** A start-up or shutdown deadline: positive and at most {@value #MAX_TIMEOUT_SECONDS} s. */
  static Duration timeout(Duration timeout) {
    return bounded(timeout, MAX_TIMEOUT_SECONDS, TIMEOUT);
  }

  private static Duration bounded(Duration duration, long maxSeconds, String message) {
    if (duration.isNegative()
        || duration.isZero()
        || duration.compareTo(Duration.ofSeconds(maxSeconds)) > 0) {
      throw TopologyException.invalid(seconds(duration), message);
    }
    return duration;
  }

  static int replicationFactor(int factor) {
    if (factor != -1 && factor < 1) {
      throw TopologyException.invalid(Integer.toString(factor), REPLICATION_FACTOR);
    }
    return factor;
  }

  /**
   * Each task is a consumer and a producer with their threads and sockets: thousands of them
   * exhaust file handles long before they add throughput, which the source's partitions cap anyway.
   */
  static int tasksMax(int tasks) {
    if (tasks < 1 || tasks > MAX_TASKS) {
      throw TopologyException.invalid(Integer.toString(tasks), TASKS_MAX);
    }
    return tasks;
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

  /**
   * A {@code bootstrap.servers} list as Kafka clients parse it: entries split at commas, empty ones
   * skipped, each {@code host:port}. An entry holding a config-provider reference ({@code ${...}})
   * is resolved by the client, so only its placeholder syntax is checked, elsewhere.
   */
  static String bootstrapServers(String servers) {
    notBlank(servers, BOOTSTRAP);
    for (String entry : ValueReader.list(servers)) {
      if (entry.isEmpty() || entry.contains("${")) {
        continue;
      }
      java.util.regex.Matcher address = ADDRESS.matcher(entry);
      if (!address.matches()) {
        throw TopologyException.invalid(
            servers, "has an entry '" + entry + "' that is not host:port; " + ADDRESSES);
      }
      String port = address.group(2);
      if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw TopologyException.invalid(
            servers,
            "has an entry '" + entry + "' whose port " + port + " is out of range; " + ADDRESSES);
      }
    }
    return servers;
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

  static String instanceId(String id) {
    if (id.length() > KmirrorSettings.INSTANCE_ID_MAX_LENGTH || !INSTANCE.matcher(id).matches()) {
      throw TopologyException.invalid(id, INSTANCE_ID);
    }
    return id;
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
    return interval.getNano() == 0 ? Long.toString(interval.toSeconds()) : interval.toString();
  }
}

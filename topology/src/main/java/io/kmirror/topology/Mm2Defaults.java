package io.kmirror.topology;

/** Long MM2 default values, as Kafka 4.3.1's connect-mirror defines them. */
final class Mm2Defaults {

  /** {@code config.properties.exclude}: topic configs never copied to the target. */
  static final String CONFIG_PROPERTIES_EXCLUDE =
      "follower.replication.throttled.replicas, leader.replication.throttled.replicas,"
          + " message.timestamp.difference.max.ms, log.message.timestamp.before.max.ms,"
          + " log.message.timestamp.after.max.ms, message.timestamp.type,"
          + " unclean.leader.election.enable, min.insync.replicas";

  static final String DEFAULT_TOPIC_FILTER = "org.apache.kafka.connect.mirror.DefaultTopicFilter";
  static final String DEFAULT_GROUP_FILTER = "org.apache.kafka.connect.mirror.DefaultGroupFilter";
  static final String DEFAULT_CONFIG_FILTER =
      "org.apache.kafka.connect.mirror.DefaultConfigPropertyFilter";
  static final String DEFAULT_FORWARDING_ADMIN = "org.apache.kafka.clients.admin.ForwardingAdmin";

  private Mm2Defaults() {}
}

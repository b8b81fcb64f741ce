package io.kmirror.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keys that real MM2 files carry and kmirror accepts without using: Kafka Connect worker settings
 * (kmirror runs no Connect worker) and MM2 connector settings that have no meaning for kmirror. A
 * few of them are harmless only at their default: a custom filter class or a transform changes what
 * MM2 would copy, so any other value is an error rather than a silent difference.
 */
final class IgnoredKeys {

  static final String WORKER = "Kafka Connect worker setting; kmirror runs no Connect worker";
  static final String INTERNAL_RF =
      "kmirror creates its internal topics with the target broker's default replication factor";

  private static final Map<String, String> EXACT = exact();

  private static final Map<String, String> PREFIXES =
      Map.of(
          "key.converter.", WORKER,
          "value.converter.", WORKER,
          "header.converter.", WORKER,
          "listeners.", WORKER,
          "admin.listeners.", WORKER,
          "rest.", WORKER,
          "transforms.", "Connect transforms are not supported; kmirror copies records unchanged",
          "predicates.", "Connect transforms are not supported; kmirror copies records unchanged");

  /** Keys whose only accepted value is MM2's default (a list: any of them). */
  private static final Map<String, List<String>> DEFAULT_ONLY =
      Map.of(
          "topic.filter.class", List.of(Mm2Defaults.DEFAULT_TOPIC_FILTER, "DefaultTopicFilter"),
          "group.filter.class", List.of(Mm2Defaults.DEFAULT_GROUP_FILTER, "DefaultGroupFilter"),
          "config.property.filter.class",
              List.of(Mm2Defaults.DEFAULT_CONFIG_FILTER, "DefaultConfigPropertyFilter"),
          "forwarding.admin.class", List.of(Mm2Defaults.DEFAULT_FORWARDING_ADMIN),
          "transforms", List.of(""),
          "predicates", List.of(""));

  private IgnoredKeys() {}

  /** Why kmirror ignores {@code key} (a key without its cluster or flow prefix). */
  static Optional<String> reason(String key) {
    String exact = EXACT.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    return PREFIXES.entrySet().stream()
        .filter(e -> key.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** The values accepted for a key that is ignored only at its default, if {@code key} is one. */
  static Optional<List<String>> acceptedValues(String key) {
    return Optional.ofNullable(DEFAULT_ONLY.get(key));
  }

  static Set<String> names() {
    return EXACT.keySet();
  }

  private static Map<String, String> exact() {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String key :
        List.of(
            "access.control.allow.methods",
            "access.control.allow.origin",
            "admin.listeners",
            "config.storage.replication.factor",
            "config.storage.topic",
            "connect.protocol",
            "connector.client.config.override.policy",
            "dedicated.mode.enable.internal.rest",
            "header.converter",
            "inter.worker.key.generation.algorithm",
            "inter.worker.key.size",
            "inter.worker.key.ttl.ms",
            "inter.worker.signature.algorithm",
            "inter.worker.verification.algorithms",
            "key.converter",
            "listeners",
            "offset.flush.interval.ms",
            "offset.flush.timeout.ms",
            "offset.storage.partitions",
            "offset.storage.replication.factor",
            "offset.storage.topic",
            "plugin.discovery",
            "plugin.path",
            "rebalance.timeout.ms",
            "response.http.headers.config",
            "rest.advertised.host.name",
            "rest.advertised.listener",
            "rest.advertised.port",
            "rest.extension.classes",
            "scheduled.rebalance.max.delay.ms",
            "status.storage.partitions",
            "status.storage.replication.factor",
            "status.storage.topic",
            "task.shutdown.graceful.timeout.ms",
            "topic.creation.enable",
            "topic.tracking.allow.reset",
            "topic.tracking.enable",
            "value.converter",
            "worker.sync.timeout.ms",
            "worker.unsync.backoff.ms")) {
      keys.put(key, WORKER);
    }
    keys.put(
        "exactly.once.source.support", "Connect worker setting; use kmirror.exactly.once.enabled");
    keys.put("checkpoints.topic.replication.factor", INTERNAL_RF);
    keys.put("heartbeats.topic.replication.factor", INTERNAL_RF);
    keys.put("offset-syncs.topic.replication.factor", INTERNAL_RF);
    connectorKeys(keys);
    return Map.copyOf(keys);
  }

  private static void connectorKeys(Map<String, String> keys) {
    String connector = "MM2 connector setting with no kmirror equivalent";
    for (String key :
        List.of(
            "admin.timeout.ms",
            "config.action.reload",
            "connector.class",
            "connector.plugin.version",
            "consumer.poll.timeout.ms",
            "errors.log.enable",
            "errors.log.include.messages",
            "errors.retry.delay.max.ms",
            "errors.retry.timeout",
            "errors.tolerance",
            "heartbeats.replication.enabled",
            "metric.names.formats",
            "name",
            "replication.policy.internal.topic.separator.enabled",
            "source.cluster.alias",
            "target.cluster.alias",
            "tasks.max.enforce",
            "add.source.alias.to.metrics",
            "use.incremental.alter.configs",
            "header.converter.plugin.version",
            "key.converter.plugin.version",
            "value.converter.plugin.version")) {
      keys.put(key, connector);
    }
    keys.put("emit.offset-syncs.enabled", "kmirror always writes offset syncs");
    keys.put("offset.lag.max", "kmirror translates offsets exactly");
    keys.put(
        "refresh.topics.enabled",
        "kmirror always refreshes topics; see refresh.topics.interval.seconds");
    keys.put(
        "refresh.groups.enabled",
        "kmirror always refreshes groups; see refresh.groups.interval.seconds");
    keys.put("sync.topic.configs.interval.seconds", "kmirror syncs configs on every topic refresh");
    keys.put("sync.topic.acls.interval.seconds", "kmirror syncs ACLs on every topic refresh");
    String filter = "only MM2's default filter is supported; use topics, groups and their .exclude";
    keys.put("topic.filter.class", filter);
    keys.put("group.filter.class", filter);
    keys.put(
        "config.property.filter.class",
        "only MM2's default filter is supported; use config.properties.exclude");
    keys.put("forwarding.admin.class", "only Kafka's own admin client is supported");
    keys.put(
        "transforms", "Connect transforms are not supported; kmirror copies records unchanged");
    keys.put(
        "predicates", "Connect transforms are not supported; kmirror copies records unchanged");
  }
}

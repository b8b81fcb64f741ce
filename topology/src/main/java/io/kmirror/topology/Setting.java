package io.kmirror.topology;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every key kmirror reads from a topology file (as opposed to Kafka client keys, passed on as
 * written, and MM2 or Connect keys it ignores), with the scope it may be written at and its
 * default. docs/configuration.md documents each; a test keeps the two in step.
 */
public enum Setting {
  CLUSTERS("clusters", Scope.GLOBAL, null, null),
  BOOTSTRAP_SERVERS("bootstrap.servers", Scope.CLUSTER, null, null),
  EMBEDDED_BROKERS("embedded.brokers", Scope.CLUSTER, "1", null, "kmirror.embedded.brokers"),
  ENABLED("enabled", Scope.FLOW_ONLY, "false", "false"),
  TOPICS("topics", Scope.FLOW, ".*", ".*"),
  TOPICS_EXCLUDE(
      "topics.exclude",
      Scope.FLOW,
      "mm2.*\\.internal, .*\\.replica, __.*",
      "mm2.*\\.internal, .*\\.replica, __.*"),
  GROUPS("groups", Scope.FLOW, ".*", ".*"),
  GROUPS_EXCLUDE(
      "groups.exclude",
      Scope.FLOW,
      "console-consumer-.*, connect-.*, __.*",
      "console-consumer-.*, connect-.*, __.*"),
  REPLICATION_POLICY_CLASS(
      "replication.policy.class",
      Scope.FLOW,
      PolicyKind.DEFAULT.className(),
      PolicyKind.DEFAULT.className()),
  REPLICATION_POLICY_SEPARATOR("replication.policy.separator", Scope.FLOW, ".", "."),
  REPLICATION_FACTOR("replication.factor", Scope.FLOW, "-1", "2"),
  SYNC_TOPIC_CONFIGS_ENABLED("sync.topic.configs.enabled", Scope.FLOW, "true", "true"),
  CONFIG_PROPERTIES_EXCLUDE(
      "config.properties.exclude",
      Scope.FLOW,
      Mm2Defaults.CONFIG_PROPERTIES_EXCLUDE,
      Mm2Defaults.CONFIG_PROPERTIES_EXCLUDE),
  SYNC_TOPIC_ACLS_ENABLED("sync.topic.acls.enabled", Scope.FLOW, "true", "true"),
  SYNC_TOPIC_DELETIONS_ENABLED("sync.topic.deletions.enabled", Scope.FLOW, "false", null),
  REFRESH_TOPICS_INTERVAL("refresh.topics.interval.seconds", Scope.FLOW, "5", "600"),
  REFRESH_GROUPS_INTERVAL("refresh.groups.interval.seconds", Scope.FLOW, "5", "600"),
  EMIT_HEARTBEATS_ENABLED("emit.heartbeats.enabled", Scope.FLOW, "true", "true"),
  EMIT_HEARTBEATS_INTERVAL("emit.heartbeats.interval.seconds", Scope.FLOW, "1", "1"),
  EMIT_CHECKPOINTS_ENABLED("emit.checkpoints.enabled", Scope.FLOW, "true", "true"),
  EMIT_CHECKPOINTS_INTERVAL("emit.checkpoints.interval.seconds", Scope.FLOW, "5", "60"),
  SYNC_GROUP_OFFSETS_ENABLED("sync.group.offsets.enabled", Scope.FLOW, "true", "false"),
  SYNC_GROUP_OFFSETS_INTERVAL("sync.group.offsets.interval.seconds", Scope.FLOW, "5", "60"),
  OFFSET_SYNCS_TOPIC_LOCATION("offset-syncs.topic.location", Scope.FLOW, "source", "source"),
  TASKS_MAX("tasks.max", Scope.FLOW, "1", "1"),
  LOOP_PREVENTION(
      "kmirror.loop.prevention.enabled",
      Scope.FLOW,
      "false",
      null,
      "kmirror.loop.prevention.enabled"),
  EXACTLY_ONCE(
      "kmirror.exactly.once.enabled", Scope.GLOBAL, "false", null, "kmirror.exactly.once.enabled"),
  HTTP_PORT("kmirror.http.port", Scope.GLOBAL, "9464", null, "kmirror.http.port"),
  HTTP_HOST("kmirror.http.host", Scope.GLOBAL, "0.0.0.0", null, "kmirror.http.host"),
  ALLOW_CUSTOM_CLASSES(
      LocalAccess.ALLOW_CUSTOM, Scope.GLOBAL, "false", null, LocalAccess.ALLOW_CUSTOM),
  METRICS_TOPICS_MAX(
      "kmirror.metrics.topics.max", Scope.GLOBAL, "500", null, "kmirror.metrics.topics.max"),
  METRICS_PARTITION_LAG(
      "kmirror.metrics.partition.lag.enabled",
      Scope.GLOBAL,
      "false",
      null,
      "kmirror.metrics.partition.lag.enabled"),
  METRICS_STALLED_AFTER(
      "kmirror.metrics.stalled.after.seconds",
      Scope.GLOBAL,
      "300",
      null,
      "kmirror.metrics.stalled.after.seconds"),
  INSTANCE_ID("kmirror.instance.id", Scope.GLOBAL, "", null, "kmirror.instance.id"),
  SHUTDOWN_TIMEOUT(
      "kmirror.shutdown.timeout.seconds",
      Scope.GLOBAL,
      "30",
      null,
      "kmirror.shutdown.timeout.seconds"),
  STARTUP_TIMEOUT(
      "kmirror.startup.timeout.seconds",
      Scope.GLOBAL,
      "60",
      null,
      "kmirror.startup.timeout.seconds"),
  STATUS_INTERVAL(
      "kmirror.status.interval.seconds",
      Scope.GLOBAL,
      "60",
      null,
      "kmirror.status.interval.seconds");

  /** Where a key may be written, and so where it is looked up. */
  public enum Scope {
    /** Top level only: {@code key}. */
    GLOBAL,
    /** {@code A.key}, then {@code key}. */
    CLUSTER,
    /** {@code A->B.key}, then {@code A.key} (the flow's source), then {@code key}. */
    FLOW,
    /** {@code A->B.key} only, as MM2 reads {@code A->B.enabled}. */
    FLOW_ONLY
  }

  private final String key;
  private final Scope scope;
  private final String kmirrorDefault;
  private final String mm2Default;
  private final String configPath;

  Setting(String key, Scope scope, String kmirrorDefault, String mm2Default) {
    this(key, scope, kmirrorDefault, mm2Default, null);
  }

  Setting(String key, Scope scope, String kmirrorDefault, String mm2Default, String configPath) {
    this.key = key;
    this.scope = scope;
    this.kmirrorDefault = kmirrorDefault;
    this.mm2Default = mm2Default;
    this.configPath = configPath;
  }

  /** The key as written at top level, e.g. {@code refresh.topics.interval.seconds}. */
  public String key() {
    return key;
  }

  public Scope scope() {
    return scope;
  }

  /** kmirror's shipped default; empty for a key that must be written ({@code clusters}, ...). */
  public Optional<String> kmirrorDefault() {
    return Optional.ofNullable(kmirrorDefault);
  }

  /** MM2's default; empty for a key MM2 does not have. */
  public Optional<String> mm2Default() {
    return Optional.ofNullable(mm2Default);
  }

  /** The {@code reference.conf} path whose value (or environment override) is the default. */
  public Optional<String> configPath() {
    return Optional.ofNullable(configPath);
  }

  /** Whether kmirror's default differs from MM2's for a key MM2 also has. */
  public boolean differsFromMm2() {
    return mm2Default != null && !mm2Default.equals(kmirrorDefault);
  }

  /** Whether {@code A.key} (a cluster-level key) is read. */
  public boolean readAtClusterLevel() {
    return scope == Scope.CLUSTER || scope == Scope.FLOW;
  }

  /** Whether {@code A->B.key} (a flow-level key) is read. */
  public boolean readAtFlowLevel() {
    return scope == Scope.FLOW || scope == Scope.FLOW_ONLY;
  }

  /** Whether the plain {@code key} at top level is read. */
  public boolean readAtTopLevel() {
    return scope != Scope.FLOW_ONLY;
  }

  public static Optional<Setting> forKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}

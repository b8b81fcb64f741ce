package io.kmirror.topology;

import java.time.Duration;
import java.util.List;

/** Builds each flow the file names, every setting looked up once in MM2's order. */
final class FlowResolver {

  /** A flow, and where its replication policy was set (for messages about loops and clashes). */
  record ResolvedFlow(Flow flow, Resolved policySource) {}

  private final Lookup lookup;
  private final ValueReader values;
  private final ClientLayers clients;

  FlowResolver(Lookup lookup, ValueReader values, ClientLayers clients) {
    this.lookup = lookup;
    this.values = values;
    this.clients = clients;
  }

  List<ResolvedFlow> resolve(List<FlowId> flows) {
    return flows.stream().map(this::resolve).toList();
  }

  private ResolvedFlow resolve(FlowId id) {
    Resolved policyClass = get(Setting.REPLICATION_POLICY_CLASS, id);
    ReplicationPolicySpec policy =
        new ReplicationPolicySpec(
            values.policy(policyClass),
            values.separator(get(Setting.REPLICATION_POLICY_SEPARATOR, id)));
    Flow flow =
        new Flow(
            id,
            bool(Setting.ENABLED, id),
            policy,
            topics(id),
            groups(id),
            new Periodic(
                bool(Setting.EMIT_HEARTBEATS_ENABLED, id),
                seconds(Setting.EMIT_HEARTBEATS_INTERVAL, id)),
            clients.flowClients(id),
            values.integer(get(Setting.TASKS_MAX, id), Rules::tasksMax, Rules.TASKS_MAX),
            bool(Setting.LOOP_PREVENTION, id));
    return new ResolvedFlow(flow, policyClass);
  }

  private TopicSettings topics(FlowId id) {
    return new TopicSettings(
        new NameFilter(
            values.topicRegexes(get(Setting.TOPICS, id)),
            values.regexes(get(Setting.TOPICS_EXCLUDE, id))),
        seconds(Setting.REFRESH_TOPICS_INTERVAL, id),
        values.integer(
            get(Setting.REPLICATION_FACTOR, id),
            Rules::replicationFactor,
            Rules.REPLICATION_FACTOR),
        new TopicSettings.ConfigSync(
            bool(Setting.SYNC_TOPIC_CONFIGS_ENABLED, id),
            new NameFilter(values.regexes(get(Setting.CONFIG_PROPERTIES_EXCLUDE, id)), List.of())),
        bool(Setting.SYNC_TOPIC_ACLS_ENABLED, id),
        bool(Setting.SYNC_TOPIC_DELETIONS_ENABLED, id));
  }

  private GroupSettings groups(FlowId id) {
    return new GroupSettings(
        filter(Setting.GROUPS, Setting.GROUPS_EXCLUDE, id),
        seconds(Setting.REFRESH_GROUPS_INTERVAL, id),
        new Periodic(
            bool(Setting.EMIT_CHECKPOINTS_ENABLED, id),
            seconds(Setting.EMIT_CHECKPOINTS_INTERVAL, id)),
        new Periodic(
            bool(Setting.SYNC_GROUP_OFFSETS_ENABLED, id),
            seconds(Setting.SYNC_GROUP_OFFSETS_INTERVAL, id)),
        values.location(get(Setting.OFFSET_SYNCS_TOPIC_LOCATION, id)));
  }

  private NameFilter filter(Setting include, Setting exclude, FlowId id) {
    return new NameFilter(values.regexes(get(include, id)), values.regexes(get(exclude, id)));
  }

  private boolean bool(Setting setting, FlowId id) {
    return values.bool(get(setting, id));
  }

  private Duration seconds(Setting setting, FlowId id) {
    return values.seconds(get(setting, id));
  }

  /** Every flow setting has a default, so a lookup always finds a value. */
  private Resolved get(Setting setting, FlowId id) {
    return lookup.flow(setting, id).orElseThrow();
  }
}

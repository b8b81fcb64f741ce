package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * One flow's topic synchronisation, run as a flat chain of steps each returning a future on the
 * flow's context: list and describe the source, list and describe the target, plan, apply.
 *
 * <p>Invariant kept for the mirror: {@link ReadyTopics} lists a source topic only after its remote
 * topic exists, with the partition count the target reported or just confirmed, so records never
 * land in a topic created with broker defaults (configs go into the same CreateTopics call) or in a
 * partition that does not exist yet.
 *
 * <p>Not thread-safe: used by one verticle, one pass at a time.
 */
public final class TopicSync {

  private final FlowContext flowContext;
  private final Flow flow;
  private final Admin source;
  private final Admin target;
  private final ReadyTopics ready;
  private final Context context;
  private final TopicFilter filter;
  private final TopicConfigFilter configFilter;
  private final TopicChanges changes;
  private final TopicAclSync acls;
  private Map<String, Integer> previousReady = Map.of();

  /** What one pass has seen so far. */
  private static final class Pass {
    Set<String> sourceListed = Set.of();
    Set<String> candidates = Set.of();
    Map<String, TopicPlan.SourceTopic> source = Map.of();
    Set<String> targetListed = Set.of();
    Map<String, TopicPlan.TargetTopic> target = Map.of();
  }

  public TopicSync(
      FlowContext flowContext,
      Admin source,
      Admin target,
      ReadyTopics ready,
      FlowMetrics metrics,
      Context context) {
    this.flowContext = flowContext;
    this.flow = flowContext.flow();
    this.source = source;
    this.target = target;
    this.ready = ready;
    this.context = context;
    this.filter = new TopicFilter(flow, flowContext.policy());
    this.configFilter = new TopicConfigFilter(flow.topics().configSync());
    this.changes = new TopicChanges(flowContext, target, this::remoteName, metrics, context);
    this.acls = new TopicAclSync(flow.id(), source, target, this::remoteName, metrics, context);
  }

  /** One pass; fails only when a whole cluster could not be read. */
  public Future<Void> runOnce() {
    Pass pass = new Pass();
    return listSource(pass)
        .compose(v -> describeSource(pass))
        .compose(v -> listTarget(pass))
        .compose(v -> describeTarget(pass))
        .compose(v -> changes.apply(plan(pass), flow.topics().syncDeletions()))
        .map(this::publish)
        .compose(syncAcls());
  }

  private Future<Void> listSource(Pass pass) {
    return AdminCalls.of(
            source.listTopics(new ListTopicsOptions().listInternal(false)).names(), context)
        .map(
            names -> {
              pass.sourceListed = names;
              pass.candidates = names.stream().filter(filter::mirrors).collect(Collectors.toSet());
              return null;
            });
  }

  private Future<Void> describeSource(Pass pass) {
    return describe(source, pass.candidates)
        .map(
            described -> {
              Map<String, TopicPlan.SourceTopic> topics = new HashMap<>();
              described.forEach(
                  (name, d) ->
                      topics.put(
                          name,
                          new TopicPlan.SourceTopic(
                              name, d.partitions(), configFilter.copyable(d.configs()))));
              pass.source = topics;
              return null;
            });
  }

  private Future<Void> listTarget(Pass pass) {
    return AdminCalls.of(
            target.listTopics(new ListTopicsOptions().listInternal(false)).names(), context)
        .map(
            names -> {
              pass.targetListed = names;
              return null;
            });
  }

  private Future<Void> describeTarget(Pass pass) {
    Set<String> existing = new HashSet<>();
    for (String topic : pass.source.keySet()) {
      String remote = remoteName(topic);
      if (pass.targetListed.contains(remote)) {
        existing.add(remote);
      }
    }
    return describe(target, existing)
        .map(
            described -> {
              Map<String, TopicPlan.TargetTopic> topics = new HashMap<>();
              described.forEach(
                  (name, d) -> {
                    Map<String, String> values = new HashMap<>();
                    Set<String> overrides = new HashSet<>();
                    for (ConfigEntry e : d.configs()) {
                      if (e.value() != null) {
                        values.put(e.name(), e.value());
                      }
                      if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        overrides.add(e.name());
                      }
                    }
                    topics.put(
                        name, new TopicPlan.TargetTopic(name, d.partitions(), values, overrides));
                  });
              pass.target = topics;
              return null;
            });
  }

  /** Partition count and (when configs are synced) config entries of each topic that answered. */
  private record Described(int partitions, List<ConfigEntry> configs) {}

  private Future<Map<String, Described>> describe(Admin admin, Set<String> topics) {
    if (topics.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Future<Map<String, TopicDescription>> descriptions =
        AdminCalls.each(admin.describeTopics(topics).topicNameValues(), context)
            .map(AdminCalls::successes);
    Future<Map<ConfigResource, Config>> configs =
        configFilter.enabled()
            ? AdminCalls.each(admin.describeConfigs(resources(topics)).values(), context)
                .map(AdminCalls::successes)
            : Future.succeededFuture(Map.of());
    return Future.all(descriptions, configs)
        .map(
            all -> {
              Map<String, Described> result = new HashMap<>();
              descriptions
                  .result()
                  .forEach(
                      (name, d) -> {
                        Config config = configs.result().get(resource(name));
                        if (config != null || !configFilter.enabled()) {
                          List<ConfigEntry> entries =
                              config == null ? List.of() : new ArrayList<>(config.entries());
                          result.put(name, new Described(d.partitions().size(), entries));
                        }
                      });
              return result;
            });
  }

  private static List<ConfigResource> resources(Set<String> topics) {
    return topics.stream().map(TopicSync::resource).toList();
  }

  static ConfigResource resource(String topic) {
    return new ConfigResource(ConfigResource.Type.TOPIC, topic);
  }

  private TopicPlan plan(Pass pass) {
    return TopicPlanner.plan(
        new TopicPlanner.Inputs(
            pass.sourceListed,
            pass.source,
            pass.targetListed,
            pass.target,
            this::remoteName,
            previousReady,
            changes.copiedBefore(),
            configFilter.enabled()));
  }

  private Void publish(Map<String, Integer> readyNow) {
    previousReady = Map.copyOf(readyNow);
    ready.publish(previousReady);
    return null;
  }

  /** The ACLs of the topics just published as ready, when the flow syncs them. */
  private java.util.function.Function<Void, Future<Void>> syncAcls() {
    return v ->
        flow.topics().syncAcls() ? acls.sync(previousReady.keySet()) : Future.succeededFuture();
  }

  public String remoteName(String sourceTopic) {
    return flowContext.remoteTopic(sourceTopic);
  }
}

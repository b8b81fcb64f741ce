package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * One flow's topic synchronisation, run as a flat chain of steps each returning a future on the
 * flow's context: list and describe the source ({@link TopicReads}), list and describe the target,
 * read the copied-config bookkeeping ({@link CopiedConfigs}), plan ({@link TopicPlanner}), apply
 * ({@link TopicChanges}) between the two bookkeeping writes.
 *
 * <p>Invariant kept for the mirror: {@link ReadyTopics} lists a source topic only after its remote
 * topic exists, with the partition count the target reported or just confirmed, so records never
 * land in a topic created with broker defaults (configs go into the same CreateTopics call) or in a
 * partition that does not exist yet.
 *
 * <p>At size every read is one batched admin call per pass, whatever the number of topics: one
 * ListTopics, DescribeTopics and (when configs are synced) DescribeConfigs per cluster, one
 * CreateTopics, CreatePartitions and IncrementalAlterConfigs for the changes, one ListOffsets for
 * the leaders of new partitions. A topic whose describe failed inside an answered batch is counted
 * and logged ({@link UnreadTopics}), kept as it was, and asked again at the next pass.
 *
 * <p>Not thread-safe: used by one verticle, one pass at a time.
 */
public final class TopicSync {

  private final FlowContext flowContext;
  private final Flow flow;
  private final Admin source;
  private final Admin target;
  private final ReadyTopics ready;
  private final CopiedConfigs copied;
  private final Context context;
  private final TopicFilter filter;
  private final TopicConfigFilter configFilter;
  private final TopicChanges changes;
  private final TopicAclSync acls;
  private final UnreadTopics unread;
  private final TopicReads reads;
  private Map<String, Integer> previousReady = Map.of();

  /** What one pass has seen so far. */
  private static final class Pass {
    Set<String> sourceListed = Set.of();
    Set<String> candidates = Set.of();
    Set<String> sourceGone = Set.of();
    Map<String, TopicPlan.SourceTopic> source = Map.of();
    Set<String> targetListed = Set.of();
    Map<String, TopicPlan.TargetTopic> target = Map.of();
    Map<String, Set<String>> copied = Map.of();
  }

  /** With {@code patience}, the longest wait per pass for the target to lead new partitions. */
  TopicSync(
      FlowContext flowContext,
      Admin source,
      Admin target,
      ReadyTopics ready,
      CopiedConfigs copied,
      FlowMetrics metrics,
      Context context,
      Duration patience) {
    this.flowContext = flowContext;
    this.flow = flowContext.flow();
    this.source = source;
    this.target = target;
    this.ready = ready;
    this.copied = copied;
    this.context = context;
    this.filter = new TopicFilter(flow, flowContext.policy());
    this.configFilter = new TopicConfigFilter(flow.topics().configSync());
    this.changes =
        new TopicChanges(flowContext, target, this::remoteName, metrics, context, patience);
    this.acls = new TopicAclSync(flow.id(), source, target, this::remoteName, metrics, context);
    this.unread = new UnreadTopics(flow.id(), metrics.errors());
    this.reads = new TopicReads(configFilter, unread, context);
  }

  /** One pass; fails only when a whole cluster could not be read. */
  public Future<Void> runOnce() {
    Pass pass = new Pass();
    return listSource(pass)
        .compose(v -> confirmGone(pass))
        .compose(v -> describeSource(pass))
        .compose(v -> listTarget(pass))
        .compose(v -> describeTarget(pass))
        .compose(v -> readCopied(pass))
        .compose(v -> apply(plan(pass)))
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

  /**
   * Topics mirrored until now that the listing no longer shows are described one more time, in one
   * call: only those the source answers with "unknown topic" are gone. Any other answer (the topic
   * is there after all, an authorization error, a timeout) keeps the topic and its remote copy.
   */
  private Future<Void> confirmGone(Pass pass) {
    Set<String> unlisted = new HashSet<>(previousReady.keySet());
    unlisted.removeAll(pass.sourceListed);
    if (unlisted.isEmpty()) {
      return Future.succeededFuture();
    }
    return AdminCalls.each(source.describeTopics(unlisted).topicNameValues(), context)
        .map(
            outcomes -> {
              Set<String> gone = new HashSet<>();
              Map<String, Throwable> failed = new HashMap<>();
              outcomes.forEach(
                  (topic, outcome) -> {
                    if (outcome.error() instanceof UnknownTopicOrPartitionException) {
                      gone.add(topic);
                    } else if (!outcome.ok()) {
                      failed.put(topic, outcome.error());
                    }
                  });
              unread.outcome("confirm-source-deletion", unlisted, failed);
              pass.sourceGone = gone;
              return null;
            });
  }

  private Future<Void> describeSource(Pass pass) {
    return reads
        .describe(source, pass.candidates, "describe-source")
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
    return reads
        .describe(target, existing, "describe-target")
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

  /** The copied-config bookkeeping as stored, when configs are synced. */
  private Future<Void> readCopied(Pass pass) {
    if (!configFilter.enabled()) {
      return Future.succeededFuture();
    }
    return copied
        .read()
        .map(
            stored -> {
              pass.copied = stored;
              return null;
            });
  }

  /**
   * The plan's changes between two writes of the bookkeeping: ahead, the keys about to be set join
   * those stored; after, each topic whose change landed keeps only its source's keys. A crash or a
   * failed write in between leaves more keys stored than set, never fewer, so a key kmirror set is
   * always deleted once the source drops it.
   */
  private Future<Map<String, Integer>> apply(TopicPlan plan) {
    return copied
        .write(plan.copiedAhead())
        .compose(v -> changes.apply(plan, flow.topics().syncDeletions()))
        .compose(readyNow -> copied.write(changes.copiedAfter(plan)).map(readyNow));
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
            pass.copied,
            configFilter.enabled(),
            pass.sourceGone));
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

  /** Topics whose new remote partitions have no leader yet; for tests. */
  int unledTopics() {
    return changes.unledTopics();
  }

  /** Topics whose last read failed; for tests. */
  int unreadTopics() {
    return unread.count();
  }

  public String remoteName(String sourceTopic) {
    return flowContext.remoteTopic(sourceTopic);
  }
}

package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.metrics.TopicSyncMeters.Operation;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Over 300 lines on purpose: one batched admin call per kind of change, each with its own per-
 * topic failure handling, side by side so they stay alike.)
 *
 * <p>Applies a {@link TopicPlan} to the target, one batched admin call per kind of change, each
 * topic judged on its own: a topic the target refuses is logged once and retried at the next pass,
 * the others go on. Returns the ready set after the changes: the plan's, plus topics created, with
 * partitions added where that succeeded, each once the target leads its new partitions.
 *
 * <p>Partitions the target did not lead within the patience are remembered ({@link #unled}) and
 * asked about again at every later pass before their topic counts as ready with them: an existing
 * remote topic is not proof that its partitions have leaders, and a producer sent to leaderless
 * partitions retries NOT_LEADER_OR_FOLLOWER for as long as the target takes (on a loaded target
 * with thousands of new partitions, minutes). Bounded by the topics created or grown and not led.
 */
final class TopicChanges {

  private static final Logger LOG = LoggerFactory.getLogger(TopicChanges.class);

  private final Flow flow;
  private final Optional<Short> replicationFactor;
  private final Admin target;
  private final FlowMetrics metrics;
  private final Context context;
  private final UnaryOperator<String> remoteName;
  private final RefusalLog refusals;
  private final Set<String> notLanded = new HashSet<>();
  private final Map<String, NewPartitionsOf> unled = new HashMap<>();
  private final Duration patience;
  private int configsRefused;

  TopicChanges(
      FlowContext flowContext,
      Admin target,
      UnaryOperator<String> remoteName,
      FlowMetrics metrics,
      Context context,
      Duration patience) {
    this.flow = flowContext.flow();
    this.patience = patience;
    this.replicationFactor = flowContext.replicationFactor();
    this.remoteName = remoteName;
    this.target = target;
    this.metrics = metrics;
    this.context = context;
    this.refusals = new RefusalLog(flow.id());
  }

  /**
   * The bookkeeping of {@code plan} for the topics whose create or alter landed in the last {@link
   * #apply}; one the target refused keeps what was stored ahead until a pass lands it.
   */
  Map<String, Set<String>> copiedAfter(TopicPlan plan) {
    Map<String, Set<String>> landed = new HashMap<>(plan.copied());
    landed.keySet().removeAll(notLanded);
    return landed;
  }

  Future<Map<String, Integer>> apply(TopicPlan plan, boolean syncDeletions) {
    Map<String, Integer> ready = new HashMap<>(plan.ready());
    List<NewPartitionsOf> made = stillUnled(plan, ready);
    configsRefused = 0;
    notLanded.clear();
    return Future.all(create(plan.creates(), made), grow(plan.grows(), made), alter(plan.alters()))
        .compose(v -> readyOnceLed(made, ready))
        .compose(v -> deleted(plan, syncDeletions))
        .map(
            v -> {
              metrics.topicsMirrored(ready.keySet());
              metrics.configDrift(configsRefused);
              return ready;
            });
  }

  /** Partitions {@code from} to {@code to - 1} of a remote topic, just created. */
  private record NewPartitionsOf(String source, String remote, int from, int to) {

    List<TopicPartition> partitions() {
      return IntStream.range(from, to).mapToObj(p -> new TopicPartition(remote, p)).toList();
    }
  }

  /**
   * Partitions made by an earlier pass that had no leader then: their topic is held back to the
   * count it had before them (not ready at all for a topic just created) and they are asked about
   * again with this pass's new ones. A topic the source deleted is forgotten; one this pass could
   * not describe stays remembered for a later pass.
   */
  private List<NewPartitionsOf> stillUnled(TopicPlan plan, Map<String, Integer> ready) {
    List<NewPartitionsOf> again = new ArrayList<>();
    unled.keySet().removeAll(plan.deleted());
    for (NewPartitionsOf m : List.copyOf(unled.values())) {
      Integer count = ready.get(m.source());
      if (count == null) {
        continue;
      }
      if (m.from() == 0) {
        ready.remove(m.source());
      } else {
        ready.put(m.source(), Math.min(count, m.from()));
      }
      unled.remove(m.source());
      again.add(m);
    }
    return again;
  }

  /**
   * A topic becomes ready with its new partitions only once the target leads all of them; one the
   * target is slow to lead keeps its previous count and is asked about again at the next pass.
   */
  private Future<Void> readyOnceLed(List<NewPartitionsOf> made, Map<String, Integer> ready) {
    if (made.isEmpty()) {
      return Future.succeededFuture();
    }
    List<TopicPartition> all = made.stream().flatMap(m -> m.partitions().stream()).toList();
    return PartitionLeaders.led(target, all, context, patience)
        .map(
            led -> {
              List<String> waiting = new ArrayList<>();
              for (NewPartitionsOf m : made) {
                if (led.containsAll(m.partitions())) {
                  ready.put(m.source(), m.to());
                } else {
                  unled.put(m.source(), m);
                  waiting.add(m.source());
                }
              }
              if (!waiting.isEmpty()) {
                LOG.info(
                    "flow={} event=remote-partitions-not-led-yet topics={} first={} waited={}s"
                        + " action=\"asked again at the next topic refresh\"",
                    flow.id(),
                    waiting.size(),
                    waiting.stream().sorted().limit(5).toList(),
                    patience.toSeconds());
              }
              return null;
            });
  }

  /** Topics whose new partitions the target has not led yet; for tests. */
  int unledTopics() {
    return unled.size();
  }

  private Future<Void> create(List<TopicPlan.Create> creates, List<NewPartitionsOf> made) {
    if (creates.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, TopicPlan.Create> byRemote = new HashMap<>();
    List<NewTopic> topics =
        creates.stream()
            .peek(c -> byRemote.put(c.remote(), c))
            .map(
                c ->
                    new NewTopic(c.remote(), Optional.of(c.partitions()), replicationFactor)
                        .configs(c.configs()))
            .toList();
    return AdminCalls.each(target.createTopics(topics).values(), context)
        .map(
            outcomes -> {
              outcomes.forEach((remote, outcome) -> created(byRemote.get(remote), outcome, made));
              return null;
            });
  }

  private void created(
      TopicPlan.Create create, AdminCalls.Outcome<Void> outcome, List<NewPartitionsOf> made) {
    if (outcome.ok()) {
      made.add(new NewPartitionsOf(create.source(), create.remote(), 0, create.partitions()));
      metrics.topicSync().succeeded(Operation.CREATE);
      refusals.succeeded(create.remote(), "create");
      LOG.info(
          "flow={} topic={} event=remote-topic-created remote={} partitions={} configs={}",
          flow.id(),
          create.source(),
          create.remote(),
          create.partitions(),
          create.configs().keySet());
    } else if (outcome.error() instanceof TopicExistsException) {
      notLanded.add(create.source());
      LOG.debug("flow={} topic={} event=remote-topic-exists", flow.id(), create.source());
    } else {
      notLanded.add(create.source());
      refused(Operation.CREATE, create.remote(), "create", outcome.error());
    }
  }

  private Future<Void> grow(List<TopicPlan.Grow> grows, List<NewPartitionsOf> made) {
    if (grows.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, TopicPlan.Grow> byRemote = new HashMap<>();
    Map<String, NewPartitions> increases = new HashMap<>();
    for (TopicPlan.Grow g : grows) {
      byRemote.put(g.remote(), g);
      increases.put(g.remote(), NewPartitions.increaseTo(g.to()));
    }
    return AdminCalls.each(target.createPartitions(increases).values(), context)
        .map(
            outcomes -> {
              outcomes.forEach(
                  (remote, outcome) -> {
                    TopicPlan.Grow g = byRemote.get(remote);
                    if (outcome.ok()) {
                      made.add(new NewPartitionsOf(g.source(), remote, g.from(), g.to()));
                      metrics.topicSync().succeeded(Operation.PARTITIONS);
                      refusals.succeeded(remote, "add-partitions");
                      LOG.info(
                          "flow={} topic={} event=remote-partitions-added remote={} from={} to={}",
                          flow.id(),
                          g.source(),
                          remote,
                          g.from(),
                          g.to());
                    } else {
                      refused(Operation.PARTITIONS, remote, "add-partitions", outcome.error());
                    }
                  });
              return null;
            });
  }

  private Future<Void> alter(List<TopicPlan.Alter> alters) {
    if (alters.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
    Map<ConfigResource, TopicPlan.Alter> byResource = new HashMap<>();
    for (TopicPlan.Alter a : alters) {
      ConfigResource resource = TopicReads.resource(a.remote());
      ops.put(resource, a.ops());
      byResource.put(resource, a);
    }
    return AdminCalls.each(target.incrementalAlterConfigs(ops).values(), context)
        .map(
            outcomes -> {
              outcomes.forEach((resource, outcome) -> altered(byResource.get(resource), outcome));
              return null;
            });
  }

  private void altered(TopicPlan.Alter alter, AdminCalls.Outcome<Void> outcome) {
    if (outcome.ok()) {
      metrics.topicSync().succeeded(Operation.CONFIG);
      refusals.succeeded(alter.remote(), "alter-configs");
      LOG.info(
          "flow={} topic={} event=remote-configs-synced remote={} changes={}",
          flow.id(),
          alter.source(),
          alter.remote(),
          alter.ops().stream().map(o -> o.opType() + " " + o.configEntry().name()).toList());
    } else {
      configsRefused++;
      notLanded.add(alter.source());
      refused(Operation.CONFIG, alter.remote(), "alter-configs", outcome.error());
    }
  }

  private Future<Void> deleted(TopicPlan plan, boolean syncDeletions) {
    for (String topic : plan.deleted()) {
      metrics.topicDeletedOnSource();
      LOG.info(
          "flow={} topic={} event=source-topic-deleted action={}",
          flow.id(),
          topic,
          syncDeletions ? "delete-remote-topic" : "stop-mirroring");
    }
    if (!syncDeletions || plan.deleted().isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> remotes = plan.deleted().stream().map(remoteName).toList();
    return AdminCalls.each(target.deleteTopics(remotes).topicNameValues(), context)
        .map(
            outcomes -> {
              outcomes.forEach(
                  (remote, outcome) -> {
                    if (outcome.ok()) {
                      metrics.topicSync().succeeded(Operation.DELETE);
                      LOG.info("flow={} topic={} event=remote-topic-deleted", flow.id(), remote);
                    } else {
                      refused(Operation.DELETE, remote, "delete", outcome.error());
                    }
                  });
              return null;
            });
  }

  /**
   * The target refused a change: counted every time (it is tried again each refresh), logged once
   * per distinct reason.
   */
  private void refused(Operation op, String remote, String action, Throwable error) {
    metrics.topicSync().failed(op);
    metrics.errors().record(ErrorMeters.Stage.TOPIC_SYNC, error);
    refusals.refused(remote, action, error);
  }
}

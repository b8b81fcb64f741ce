package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.offsets.index.Translation;
import io.kmirror.replicator.periodic.PeriodicVerticle;
import io.kmirror.topology.Flow;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's consumer-group work, every {@code emit.checkpoints.interval.seconds} and {@code
 * sync.group.offsets.interval.seconds}: list the source's groups that pass the flow's groups filter
 * and read their committed offsets ({@link SourceGroups}), translate them with the offset index,
 * write MM2 checkpoints to {@code <source>.checkpoints.internal} on the target ({@link
 * CheckpointWriter}), and commit translated offsets to target groups that are idle there ({@link
 * GroupSync}). Every prune interval it also bounds the offset index ({@link IndexPruner}); that is
 * here because the index in memory has one owner, this verticle's worker, and pruning it in place
 * keeps one copy per flow. So the verticle runs even when checkpoints and group sync are both off.
 *
 * <p>Translations are checked against the source topics' current IDs ({@link TopicIds}), so a group
 * on a topic deleted and re-created under the same name is neither checkpointed nor synced with the
 * old topic's runs ({@link Translation.Kind#RECREATED} until the new topic is indexed).
 *
 * <p>Admin calls are asynchronous on this verticle's context; reading the index (a consumer) and
 * the source topics' IDs run on a worker. Each cycle re-arms its timer when it ends, so a slow
 * cycle never overlaps the next ({@link PeriodicVerticle}), and a stop waits a bounded time for the
 * cycle in flight, so the index reader is not closed under it. One per flow per process; when
 * several processes run the same flow only the elected one ({@link FlowLeader}) writes checkpoints
 * and syncs groups, so a checkpoint or a target group never moves back because two processes read
 * the source a moment apart. Every process prunes its own copy of the index.
 */
public final class CheckpointVerticle extends PeriodicVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointVerticle.class);

  private final Flow flow;
  private final Admin source;
  private final OffsetTranslator translator;
  private final CheckpointWriter checkpoints;
  private final GroupSync groupSync;
  private final Consumer<OffsetStatus> status;

  /**
   * Where each cycle's outcome goes: the flow's status (on this verticle's context) and metrics.
   */
  public record Reports(Consumer<OffsetStatus> status, FlowMetrics metrics) {}

  private final LongSupplier leaderTerm;
  private final IndexPruner pruner;
  private final Duration pruneInterval;
  private final Duration refreshTimeout;
  private final SourceGroups groups;
  private long checkpointsDue;
  private long syncDue;
  private long pruneDue;
  private OffsetStatus last = OffsetStatus.NONE;
  private final FlowMetrics metrics;
  private long checkpointsReported;
  private Map<String, Long> untranslatable = Map.of();

  /**
   * @param leaderTerm this process's leadership term for the flow right now ({@link
   *     FlowLeader#term()}), -1 when not leading; only the leader writes checkpoints and syncs
   *     groups, and every write checks again that the term a cycle started in still holds
   * @param reports receive the status and metrics after every cycle, on this verticle's context
   * @param pruneInterval how often the offset index is pruned below the source's log start
   */
  public CheckpointVerticle(
      FlowContext flowContext,
      Admin source,
      Admin target,
      OffsetTranslator translator,
      Producer<byte[], byte[]> targetProducer,
      LongSupplier leaderTerm,
      Reports reports,
      Duration pruneInterval) {
    super(STOP_BOUND);
    this.flow = flowContext.flow();
    this.source = source;
    this.translator = translator;
    this.checkpoints = new CheckpointWriter(flowContext, targetProducer);
    this.groupSync = new GroupSync(flow, target);
    this.status = reports.status();
    this.leaderTerm = leaderTerm;
    this.pruner = new IndexPruner(flow.id(), flowContext.indexTopic(), source, targetProducer);
    this.pruneInterval = pruneInterval;
    this.metrics = reports.metrics();
    this.refreshTimeout = Duration.ofSeconds(30);
    this.groups = new SourceGroups(flowContext);
  }

  @Override
  public Future<?> start() {
    // The first pass waits one interval: at start-up the mirroring workers matter more.
    pruneDue = System.currentTimeMillis() + pruneInterval.toMillis();
    runAfter(Duration.ZERO);
    return Future.succeededFuture();
  }

  /** One cycle: the group work that is due, then pruning when due, whatever the group work did. */
  @Override
  protected Future<?> runOnce() {
    long now = System.currentTimeMillis();
    long term = leaderTerm.getAsLong();
    boolean lead = term >= 0;
    boolean emit = lead && flow.groups().checkpoints().enabled() && now >= checkpointsDue;
    boolean sync = lead && flow.groups().offsetSync().enabled() && now >= syncDue;
    boolean pruneNow = now >= pruneDue;
    Future<Void> groupsDone =
        emit || sync ? groupWork(now, emit, sync, term) : Future.succeededFuture();
    // Pruning runs after the group work whatever its outcome: one does not depend on the other.
    return groupsDone
        .transform(done -> pruneNow ? prune() : Future.<Void>succeededFuture())
        .onComplete(
            done -> {
              if (pruneNow) {
                pruneDue = now + pruneInterval.toMillis();
              }
            });
  }

  /** Until the first of the next checkpoints, group sync and pruning is due. */
  @Override
  protected Duration delayAfterRun() {
    return Duration.ofMillis(nextDue() - System.currentTimeMillis());
  }

  private Future<Void> groupWork(long now, boolean emit, boolean sync, long term) {
    // Checked right before each write: a hand-over during the cycle's reads must not let this
    // process write what the new leader may already have written past (a group moved back).
    BooleanSupplier stillLeading = () -> leaderTerm.getAsLong() == term;
    return groups
        .list(source, context)
        .compose(names -> SourceGroups.committed(source, names, context))
        .compose(committed -> plan(committed))
        .map(this::noteUntranslatable)
        .compose(
            plans ->
                emit
                    ? checkpoints.write(plans, context, stillLeading).map(plans)
                    : Future.succeededFuture(plans))
        .compose(
            plans -> sync ? groupSync.sync(plans, context, stillLeading) : Future.succeededFuture())
        .transform(
            done -> {
              if (emit) {
                checkpointsDue = now + flow.groups().checkpoints().interval().toMillis();
              }
              if (sync) {
                syncDue = now + flow.groups().offsetSync().interval().toMillis();
              }
              if (done.failed()) {
                metrics.errors().record(ErrorMeters.Stage.CHECKPOINT, done.cause());
              }
              report(
                  done.failed()
                      ? Optional.of(String.valueOf(done.cause().getMessage()))
                      : Optional.empty());
              return Future.succeededFuture();
            });
  }

  /** One pruning pass on the worker that owns the index; a failure waits for the next interval. */
  private Future<Void> prune() {
    return vertx
        .executeBlocking(() -> pruner.prune(translator, refreshTimeout), true)
        .onFailure(
            e ->
                LOG.warn(
                    "flow={} event=index-prune-failed reason=\"{}\" action=\"tried again in {} s\"",
                    flow.id(),
                    e.getCause() == null ? e : e.getCause(),
                    pruneInterval.toSeconds()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }

  private long nextDue() {
    long next = pruneDue;
    if (flow.groups().checkpoints().enabled()) {
      next = Math.min(next, checkpointsDue);
    }
    if (flow.groups().offsetSync().enabled()) {
      next = Math.min(next, syncDue);
    }
    return next;
  }

  private Future<Map<String, List<PartitionPlan>>> plan(
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed) {
    if (committed.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return vertx.executeBlocking(
        () -> {
          translator.refresh(refreshTimeout);
          // After the index, so an index that already follows a re-created topic is not refused
          // for an ID read before it. Committed offsets name no topic ID: one of the old topic
          // could meet the new topic's index only if the topic were deleted, re-created,
          // mirrored and indexed in the moments since they were read.
          TopicIds ids = translator.sourceTopicIds(source, committed, refreshTimeout);
          Map<String, List<PartitionPlan>> plans = new HashMap<>();
          committed.forEach(
              (group, offsets) -> plans.put(group, translator.plan(group, offsets, ids)));
          return plans;
        },
        true);
  }

  /** Per group, the partitions whose committed offset has no exact translation this cycle. */
  private Map<String, List<PartitionPlan>> noteUntranslatable(
      Map<String, List<PartitionPlan>> plans) {
    Map<String, Long> counts = new HashMap<>();
    plans.forEach(
        (group, partitions) ->
            counts.put(group, partitions.stream().filter(p -> p.targetOffset().isEmpty()).count()));
    untranslatable = counts;
    return plans;
  }

  private void report(Optional<String> error) {
    last =
        new OffsetStatus(
            Set.copyOf(groupSync.activeOnTarget()),
            checkpoints.written(),
            groupSync.committed(),
            Optional.of(Instant.now()),
            error,
            leaderTerm.getAsLong() >= 0);
    status.accept(last);
    long written = checkpoints.written();
    metrics
        .offsets()
        .cycle(
            error.isEmpty(),
            System.currentTimeMillis(),
            written - checkpointsReported,
            groupSync.syncedLastCycle(),
            last.activeOnTarget().size(),
            untranslatable);
    checkpointsReported = written;
  }
}

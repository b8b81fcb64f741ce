package io.kmirror.replicator.offsets;

import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits translated offsets to consumer groups on the target ({@code sync.group.offsets.*}), by
 * {@link GroupSyncRules}: only forward, and never for a group that has members on the target. A
 * group that becomes active (or idle again) there is logged once per change and listed in {@link
 * #activeOnTarget()}. Used on one verticle's context only.
 */
final class GroupSync {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSync.class);

  private final Flow flow;
  private final Admin target;
  private final Set<String> active = new HashSet<>();
  private long committed;
  private int syncedThisCycle;

  GroupSync(Flow flow, Admin target) {
    this.flow = flow;
    this.target = target;
  }

  Set<String> activeOnTarget() {
    return active;
  }

  long committed() {
    return committed;
  }

  /** Groups the last {@link #sync} brought up to date on the target (idle there, no failure). */
  int syncedLastCycle() {
    return syncedThisCycle;
  }

  /**
   * Commits each idle group's forward moves; {@code stillLeading} is asked right before each
   * group's commit, after its offsets on the target were read, so a process that lost the
   * leadership meanwhile does not commit what it read before the new leader's writes.
   */
  Future<Void> sync(
      Map<String, List<PartitionPlan>> plans, Context context, BooleanSupplier stillLeading) {
    syncedThisCycle = 0;
    List<Future<Void>> groups = new ArrayList<>();
    plans.forEach(
        (group, partitions) -> {
          if (partitions.stream().anyMatch(p -> p.targetOffset().isPresent())) {
            groups.add(syncGroup(group, partitions, context, stillLeading));
          }
        });
    return Future.join(groups).mapEmpty();
  }

  private Future<Void> syncGroup(
      String group, List<PartitionPlan> plans, Context context, BooleanSupplier stillLeading) {
    return members(group, context)
        .compose(
            members -> {
              activeChanged(group, members > 0);
              if (members > 0) {
                return Future.succeededFuture();
              }
              return convert(
                      target.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                      context)
                  .recover(
                      e -> notFound(e) ? Future.succeededFuture(Map.of()) : Future.failedFuture(e))
                  .compose(
                      onTarget ->
                          stillLeading.getAsBoolean()
                              ? commit(group, GroupSyncRules.commits(plans, onTarget), context)
                              : notLeading(group))
                  .onSuccess(v -> syncedThisCycle++);
            })
        .onFailure(
            e -> {
              if (!(e instanceof NotLeading)) {
                LOG.warn(
                    "flow={} group={} event=group-sync-failed reason=\"{}\"", flow.id(), group, e);
              }
            })
        .recover(e -> Future.succeededFuture());
  }

  private Future<Void> notLeading(String group) {
    LOG.info(
        "flow={} group={} event=group-sync-skipped reason=\"this process stopped leading the"
            + " flow's group work during the cycle\"",
        flow.id(),
        group);
    return Future.failedFuture(new NotLeading());
  }

  /** The group was left alone because leadership moved: said at INFO already, not a failure. */
  private static final class NotLeading extends RuntimeException {
    NotLeading() {
      super("no longer leading", null, false, false);
    }
  }

  private Future<Integer> members(String group, Context context) {
    KafkaFuture<ConsumerGroupDescription> described =
        target.describeConsumerGroups(List.of(group)).describedGroups().get(group);
    return convert(described, context)
        .map(d -> d.members().size())
        .recover(e -> notFound(e) ? Future.succeededFuture(0) : Future.failedFuture(e));
  }

  /** Records whether the group is active on the target; logs a change. */
  private void activeChanged(String group, boolean isActive) {
    boolean changed = isActive ? active.add(group) : active.remove(group);
    if (changed) {
      LOG.info(
          "flow={} group={} event={} reason=\"{}\"",
          flow.id(),
          group,
          isActive ? "group-sync-paused" : "group-sync-resumed",
          isActive
              ? "the group has active members on " + flow.target() + "; its offsets are left alone"
              : "the group has no active members on " + flow.target() + " any more");
    }
  }

  private Future<Void> commit(
      String group, Map<TopicPartition, OffsetAndMetadata> commits, Context context) {
    if (commits.isEmpty()) {
      return Future.succeededFuture();
    }
    return convert(target.alterConsumerGroupOffsets(group, commits).all(), context)
        .onSuccess(
            v -> {
              committed += commits.size();
              LOG.debug(
                  "flow={} group={} event=group-offsets-synced partitions={}",
                  flow.id(),
                  group,
                  commits.size());
            });
  }

  private static boolean notFound(Throwable e) {
    return e instanceof GroupIdNotFoundException
        || e.getCause() instanceof GroupIdNotFoundException;
  }

  private static <T> Future<T> convert(KafkaFuture<T> future, Context context) {
    return Future.fromCompletionStage(future.toCompletionStage(), context);
  }
}

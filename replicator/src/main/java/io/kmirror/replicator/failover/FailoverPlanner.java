package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.CheckpointReader.Seen;
import io.kmirror.replicator.offsets.OffsetIndex;
import io.kmirror.replicator.offsets.OffsetTopics;
import io.kmirror.replicator.offsets.OffsetTranslator;
import io.kmirror.replicator.offsets.PartitionPlan;
import io.kmirror.replicator.offsets.TopicIds;
import io.kmirror.replicator.offsets.Translation;
import io.kmirror.topology.Flow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * Builds a {@link FailoverPlan}: reads the groups' committed offsets on the source (or, when the
 * source does not answer in time, their newest checkpoints on the target), translates them with
 * kmirror's offset index on the target, measures what the target lacks at the cut, and finds the
 * groups that have active members on the target. It only reads; {@link GroupCommits} writes.
 *
 * <p>With checkpoints, the upstream offset of each checkpoint is translated again with the index
 * rather than trusting the checkpoint's downstream offset: the index is as exact and newer (it
 * covers records mirrored after the checkpoint). The checkpoint's own answer is used only where the
 * index has none (checkpoints written by MM2, or a partition the index never saw), and such rows
 * are marked not exact.
 *
 * <p>With the source answering, each translation is checked against the source topic's current ID:
 * a group on a topic deleted and created again under the same name is refused ("not exactly
 * translatable: the index is for an earlier topic of that name") until the new topic is in the
 * index, never translated with the old topic's runs. From checkpoints (the source down) the index
 * is trusted as it is.
 *
 * <p>For failback {@code B->A}, {@link ReturnRows} adds each group's positions on B's copies of A's
 * topics ({@code A.orders}), carried back to A's originals with the forward flow's index; with B
 * unreachable there are none, and the plan says why in a line.
 */
final class FailoverPlanner {

  private final FailoverRequest request;
  private final Flow flow;
  private final ReplicationPolicy policy;
  private final Optional<ReturnRows> returns;

  /**
   * @param returns failback's return rows; empty for a failover or a drill
   */
  FailoverPlanner(FailoverRequest request, Optional<ReturnRows> returns) {
    this.request = request;
    this.flow = request.endpoints().flow();
    this.policy = OffsetTopics.policy(flow);
    this.returns = returns;
  }

  FailoverPlan plan(Admin source, Admin target, OffsetTranslator translator)
      throws TimeoutException, InterruptedException, ExecutionException {
    Instant cut = Instant.now();
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed;
    try {
      committed = fromSource(source);
    } catch (ExecutionException | TimeoutException e) {
      return fromCheckpoints(cut, Failures.describe(e), target, translator);
    }
    return live(cut, committed, source, target, translator);
  }

  /** The plan from the committed offsets the source just answered with. */
  private FailoverPlan live(
      Instant cut,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      Admin source,
      Admin target,
      OffsetTranslator translator)
      throws TimeoutException, InterruptedException, ExecutionException {
    OffsetIndex index = translator.refresh(request.timeout());
    // Read after the index, so an index that already follows a re-created topic is not refused.
    TopicIds ids = translator.sourceTopicIds(source, committed, request.sourceTimeout());
    List<PlanRow> rows = liveRows(translator, committed, ids, target);
    Map<TopicPartition, Long> behind = behindAtCut(source, target, index, ids, rows);
    PlanBasis basis =
        new PlanBasis(cut, true, "", request.sourceTimeout(), Optional.empty(), behind);
    List<String> groups = new ArrayList<>(committed.keySet());
    List<String> notes = returns.map(ReturnRows::notes).orElse(List.of());
    return new FailoverPlan(flow.id(), basis, groups, rows, active(target, groups), notes);
  }

  /**
   * The plan from the newest checkpoints on the target, the source having not answered.
   *
   * @param problem why the source was not used
   */
  private FailoverPlan fromCheckpoints(
      Instant cut, String problem, Admin target, OffsetTranslator translator)
      throws TimeoutException, InterruptedException, ExecutionException {
    // The translator answers from the index as of its last refresh: refresh it, as live does.
    translator.refresh(request.timeout());
    Map<String, Map<TopicPartition, Seen>> checkpoints =
        selected(CheckpointReader.read(request.endpoints(), request.timeout()));
    List<PlanRow> rows = checkpointRows(translator, checkpoints);
    Optional<Instant> asOf =
        checkpoints.values().stream()
            .flatMap(m -> m.values().stream())
            .map(Seen::written)
            .max(Comparator.naturalOrder());
    PlanBasis basis = new PlanBasis(cut, false, problem, request.sourceTimeout(), asOf, Map.of());
    List<String> groups = new ArrayList<>(checkpoints.keySet());
    List<String> notes = new ArrayList<>();
    returns.ifPresent(
        r -> {
          notes.addAll(r.notes());
          notes.add(r.skipped());
        });
    return new FailoverPlan(flow.id(), basis, groups, rows, active(target, groups), notes);
  }

  /** The groups' committed offsets on the source, in the order asked; throws if it is down. */
  private Map<String, Map<TopicPartition, OffsetAndMetadata>> fromSource(Admin source)
      throws ExecutionException, TimeoutException, InterruptedException {
    long wait = request.sourceTimeout().toMillis();
    List<String> groups = request.groups();
    if (request.allGroups()) {
      groups =
          source
              .listGroups(ListGroupsOptions.forConsumerGroups())
              .all()
              .get(wait, TimeUnit.MILLISECONDS)
              .stream()
              .map(GroupListing::groupId)
              .filter(this::selectable)
              .sorted()
              .toList();
    }
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> found =
        groups.isEmpty()
            ? Map.of()
            : source.listConsumerGroupOffsets(specs).all().get(wait, TimeUnit.MILLISECONDS);
    Map<String, Map<TopicPartition, OffsetAndMetadata>> ordered = new LinkedHashMap<>();
    groups.forEach(g -> ordered.put(g, found.getOrDefault(g, Map.of())));
    return ordered;
  }

  private boolean selectable(String group) {
    return !group.equals(request.endpoints().groupId()) && flow.groups().filter().matches(group);
  }

  /** Checkpointed groups, restricted to those asked for, in the order asked. */
  private Map<String, Map<TopicPartition, Seen>> selected(
      Map<String, Map<TopicPartition, Seen>> all) {
    Map<String, Map<TopicPartition, Seen>> selected = new LinkedHashMap<>();
    List<String> groups =
        request.allGroups()
            ? all.keySet().stream().filter(this::selectable).sorted().toList()
            : request.groups();
    groups.forEach(g -> selected.put(g, all.getOrDefault(g, Map.of())));
    return selected;
  }

  /**
   * @param ids the source's current topic IDs, so a re-created topic is not translated with its
   *     predecessor's index
   * @param target for failback's return rows: A, where the copies' originals are
   */
  private List<PlanRow> liveRows(
      OffsetTranslator translator,
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
      TopicIds ids,
      Admin target) {
    List<PlanRow> rows = new ArrayList<>();
    committed.forEach(
        (group, offsets) -> {
          translator.plan(group, offsets, ids).forEach(p -> rows.add(row(p)));
          returns.ifPresent(r -> rows.addAll(r.rows(group, offsets, target, request.timeout())));
        });
    return rows;
  }

  private static PlanRow row(PartitionPlan plan) {
    Translation translation = plan.translation();
    return new PlanRow(
        plan.group(),
        plan.source(),
        plan.target(),
        plan.committed(),
        plan.metadata(),
        plan.targetOffset(),
        translation.exact(),
        translation.exact() ? "" : translation.reason());
  }

  private List<PlanRow> checkpointRows(
      OffsetTranslator translator, Map<String, Map<TopicPartition, Seen>> checkpoints) {
    List<PlanRow> rows = new ArrayList<>();
    checkpoints.forEach(
        (group, seen) -> {
          Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
          Map<TopicPartition, Seen> bySource = new HashMap<>();
          seen.forEach(
              (remote, checkpoint) -> {
                TopicPartition source =
                    new TopicPartition(upstream(remote.topic()), remote.partition());
                committed.put(
                    source, new OffsetAndMetadata(checkpoint.upstream(), checkpoint.metadata()));
                bySource.put(source, checkpoint);
              });
          for (PartitionPlan plan : translator.plan(group, committed)) {
            rows.add(withCheckpoint(row(plan), bySource.get(plan.source())));
          }
        });
    return rows;
  }

  private String upstream(String remote) {
    String original = policy.upstreamTopic(remote);
    return original == null ? remote : original;
  }

  /** A row translated from a checkpoint; the checkpoint's own answer where the index has none. */
  private static PlanRow withCheckpoint(PlanRow row, Seen checkpoint) {
    if (row.committable()) {
      return row;
    }
    return new PlanRow(
        row.group(),
        row.source(),
        row.target(),
        row.committed(),
        row.metadata(),
        OptionalLong.of(checkpoint.downstream()),
        false,
        "checkpoint's own translation, not verified by kmirror's index (" + row.note() + ")");
  }

  /**
   * Per source partition of the plan: records on the source at the cut that the target lacks (for
   * failback's return rows: records of the copy whose originals the target no longer has).
   */
  private Map<TopicPartition, Long> behindAtCut(
      Admin source, Admin target, OffsetIndex index, TopicIds ids, List<PlanRow> rows)
      throws InterruptedException {
    Map<TopicPartition, Long> ends = endOffsets(source, rows);
    Map<TopicPartition, Long> behind = new HashMap<>();
    ends.forEach(
        (tp, offset) -> {
          Translation end = index.translate(tp, offset, ids.of(tp.topic()));
          if (end.exact()) {
            behind.put(tp, 0L);
          } else if (end.kind() == Translation.Kind.NOT_YET_REPLICATED) {
            behind.put(tp, end.notReplicated());
          }
        });
    if (returns.isPresent()) {
      behind.putAll(returns.get().behindAtCut(ends, target, request.timeout()));
    }
    return behind;
  }

  /** The source's end offsets of the plan's source partitions; empty when it does not answer. */
  private Map<TopicPartition, Long> endOffsets(Admin source, List<PlanRow> rows)
      throws InterruptedException {
    return BoundedAdmin.endOffsets(
        source, rows.stream().map(PlanRow::source).toList(), request.sourceTimeout());
  }

  /** Groups with members on the target now, with their member count. */
  private Map<String, Integer> active(Admin target, List<String> groups)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, Integer> active = new HashMap<>();
    if (groups.isEmpty()) {
      return active;
    }
    Map<String, KafkaFuture<ConsumerGroupDescription>> described =
        target.describeConsumerGroups(groups).describedGroups();
    for (String group : groups) {
      try {
        int members =
            described
                .get(group)
                .get(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .members()
                .size();
        if (members > 0) {
          active.put(group, members);
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
      }
    }
    return active;
  }
}

package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.CheckpointReader.Seen;
import io.kmirror.replicator.offsets.OffsetTranslator;
import io.kmirror.replicator.offsets.SourceGroups;
import io.kmirror.replicator.offsets.TopicIds;
import io.kmirror.topology.Flow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Builds a {@link FailoverPlan}: reads the groups' committed offsets on the source (or, when the
 * source does not answer in time, their newest checkpoints on the target: {@link CheckpointRows}),
 * translates them with kmirror's offset index on the target, measures what the target lacks at the
 * cut, and finds the groups that have active members on the target. It only reads; {@link
 * GroupCommits} writes.
 *
 * <p>With the source answering, each translation is checked against the source topic's current ID:
 * a group on a topic deleted and created again under the same name is refused ("not exactly
 * translatable: the index is for an earlier topic of that name") until the new topic is in the
 * index, never translated with the old topic's runs.
 *
 * <p>For failback {@code B->A}, {@link ReturnRows} adds each group's positions on B's copies of A's
 * topics ({@code A.orders}), carried back to A's originals with the forward flow's index; with B
 * unreachable there are none, and the plan says why in a line.
 */
final class FailoverPlanner {

  private final FailoverRequest request;
  private final Flow flow;
  private final SourceGroups groups;
  private final Optional<ReturnRows> returns;

  /**
   * @param returns failback's return rows; empty for a failover or a drill
   */
  FailoverPlanner(FailoverRequest request, Optional<ReturnRows> returns) {
    this.request = request;
    this.flow = request.endpoints().flow();
    this.groups = new SourceGroups(request.endpoints().context());
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
    translator.refresh(request.timeout());
    // Read after the index, so an index that already follows a re-created topic is not refused.
    TopicIds ids = translator.sourceTopicIds(source, committed, request.sourceTimeout());
    List<PlanRow> rows = liveRows(translator, committed, ids, target);
    Map<TopicPartition, Long> behind = behindAtCut(source, target, translator, ids, rows);
    PlanBasis basis =
        new PlanBasis(cut, true, "", request.sourceTimeout(), Optional.empty(), behind);
    List<String> names = new ArrayList<>(committed.keySet());
    List<String> notes = returns.map(ReturnRows::notes).orElse(List.of());
    return new FailoverPlan(flow.id(), basis, names, rows, active(target, names), notes);
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
    List<PlanRow> rows = new CheckpointRows(flow).rows(translator, checkpoints);
    Optional<Instant> asOf =
        checkpoints.values().stream()
            .flatMap(m -> m.values().stream())
            .map(Seen::written)
            .max(Comparator.naturalOrder());
    PlanBasis basis = new PlanBasis(cut, false, problem, request.sourceTimeout(), asOf, Map.of());
    List<String> names = new ArrayList<>(checkpoints.keySet());
    List<String> notes = new ArrayList<>();
    returns.ifPresent(
        r -> {
          notes.addAll(r.notes());
          notes.add(r.skipped());
        });
    return new FailoverPlan(flow.id(), basis, names, rows, active(target, names), notes);
  }

  /** The groups' committed offsets on the source, in the order asked; throws if it is down. */
  private Map<String, Map<TopicPartition, OffsetAndMetadata>> fromSource(Admin source)
      throws ExecutionException, TimeoutException, InterruptedException {
    List<String> names =
        request.allGroups() ? groups.list(source, request.sourceTimeout()) : request.groups();
    return SourceGroups.committed(source, names, request.sourceTimeout());
  }

  /** Checkpointed groups, restricted to those asked for, in the order asked. */
  private Map<String, Map<TopicPartition, Seen>> selected(
      Map<String, Map<TopicPartition, Seen>> all) {
    Map<String, Map<TopicPartition, Seen>> selected = new LinkedHashMap<>();
    List<String> names =
        request.allGroups()
            ? all.keySet().stream().filter(groups::selectable).sorted().toList()
            : request.groups();
    names.forEach(g -> selected.put(g, all.getOrDefault(g, Map.of())));
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
          translator.plan(group, offsets, ids).forEach(p -> rows.add(PlanRow.of(p)));
          returns.ifPresent(r -> rows.addAll(r.rows(group, offsets, target, request.timeout())));
        });
    return rows;
  }

  /**
   * Per source partition of the plan: records on the source at the cut that the target lacks (for
   * failback's return rows: records of the copy whose originals the target no longer has).
   */
  private Map<TopicPartition, Long> behindAtCut(
      Admin source, Admin target, OffsetTranslator translator, TopicIds ids, List<PlanRow> rows)
      throws InterruptedException {
    Map<TopicPartition, Long> ends =
        BoundedAdmin.endOffsets(
            source, rows.stream().map(PlanRow::source).toList(), request.sourceTimeout());
    Map<TopicPartition, Long> behind = new HashMap<>(translator.behindAt(ends, ids));
    if (returns.isPresent()) {
      behind.putAll(returns.get().behindAtCut(ends, target, request.timeout()));
    }
    return behind;
  }

  private Map<String, Integer> active(Admin target, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    return ActiveGroups.on(target, names, request.timeout());
  }
}

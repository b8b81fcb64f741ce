package io.kmirror.replicator.failover;

import io.kmirror.replicator.offsets.OffsetTranslator;
import io.kmirror.replicator.offsets.ReversePlan;
import io.kmirror.replicator.offsets.TopicIds;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.ReverseTranslation;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Failback's return rows: for a failback {@code B->A}, the groups' positions on B's copies of A's
 * topics ({@code A.orders}, written by the forward flow {@code A->B}) carried back to A's originals
 * with the forward flow's index read in reverse ({@link
 * io.kmirror.replicator.offsets.PartitionIndex#sourceOf}). {@code B->A} never mirrors {@code
 * A.orders} back, so without these rows such positions would be lost.
 *
 * <p>The rows join the group's other rows in the plan: committed on A with them, refused with them.
 * A row that is not exact has no offset and is not committed. The index is read once, from B, when
 * the first group needs it; if it cannot be read, every return row says why.
 */
final class ReturnRows implements AutoCloseable {

  private final FlowId forward;
  private final OffsetTranslator translator;
  private final List<String> notes;
  private final Map<TopicPartition, TopicPartition> planned = new HashMap<>();
  private Optional<OffsetIndex> index = Optional.empty();
  private Optional<String> unreadable = Optional.empty();
  private TopicIds originIds = TopicIds.UNKNOWN;

  private ReturnRows(FlowId forward, OffsetTranslator translator, List<String> notes) {
    this.forward = forward;
    this.translator = translator;
    this.notes = notes;
  }

  /** Return rows along {@code path}; reads nothing until a group has a position on a copy. */
  static ReturnRows open(ReturnPath path) {
    return new ReturnRows(
        path.forward().flow().id(), OffsetTranslator.open(path.forward()), path.notes());
  }

  /** Lines for the plan: what the return path assumed. */
  List<String> notes() {
    return notes;
  }

  /** The one line when the failback's source B did not answer, so nothing can be carried back. */
  String skipped() {
    return "return path "
        + forward
        + ": skipped: "
        + forward.target()
        + " is unreachable, and only "
        + forward.target()
        + " has the groups' positions on its copies of "
        + forward.source()
        + "'s topics and kmirror's index to translate them; run failback again once it answers";
  }

  /**
   * The rows of {@code group} for its positions on B's copies of A's topics, in topic order. Each
   * original's current ID on A is checked against the index's: an A rebuilt after a disaster has
   * new topics of the same names, which the old index must not translate into.
   *
   * @param a the failback's target, A, where the originals are
   */
  List<PlanRow> rows(
      String group,
      Map<TopicPartition, OffsetAndMetadata> committedOnB,
      Admin a,
      Duration timeout) {
    if (committedOnB.keySet().stream().noneMatch(tp -> translator.isCopy(tp.topic()))) {
      return List.of();
    }
    refreshOnce(timeout);
    learnOriginIds(committedOnB, a, timeout);
    List<PlanRow> rows = new ArrayList<>();
    for (ReversePlan plan : translator.planReverse(group, committedOnB, originIds)) {
      planned.put(plan.copy(), plan.origin());
      rows.add(unreadable.isPresent() ? unreadableRow(plan, unreadable.get()) : row(plan));
    }
    return rows;
  }

  /** The originals' current IDs on A; unknown (the index trusted) where A does not answer. */
  private void learnOriginIds(
      Map<TopicPartition, OffsetAndMetadata> committedOnB, Admin a, Duration timeout) {
    Set<String> origins = new TreeSet<>();
    committedOnB.keySet().forEach(tp -> translator.originOf(tp.topic()).ifPresent(origins::add));
    origins.removeAll(originIds.ids().keySet());
    if (origins.isEmpty()) {
      return;
    }
    try {
      Map<String, String> known = new HashMap<>(originIds.ids());
      known.putAll(TopicIds.read(a, origins, timeout).ids());
      originIds = new TopicIds(known);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the index once; a partly read index could answer from before a restart, so none. */
  private void refreshOnce(Duration timeout) {
    if (index.isPresent() || unreadable.isPresent()) {
      return;
    }
    try {
      index = Optional.of(translator.refresh(timeout));
    } catch (TimeoutException | KafkaException e) {
      unreadable = Optional.of(Failures.describe(e));
    }
  }

  static PlanRow row(ReversePlan plan) {
    ReverseTranslation translation = plan.translation();
    return row(
        plan,
        translation.source(),
        translation.exact(),
        translation.exact() ? "" : translation.reason());
  }

  private PlanRow unreadableRow(ReversePlan plan, String problem) {
    return row(
        plan,
        OptionalLong.empty(),
        false,
        "not exactly translatable: kmirror's offset index of "
            + forward
            + " on "
            + forward.target()
            + " could not be read ("
            + problem
            + ")");
  }

  private static PlanRow row(ReversePlan plan, OptionalLong source, boolean exact, String note) {
    return new PlanRow(
        plan.group(),
        plan.copy(),
        plan.origin(),
        plan.committed(),
        plan.metadata(),
        source,
        exact,
        note);
  }

  /**
   * Per copy partition planned: records of the copy at the cut whose originals A no longer has (A's
   * end below the source offset the copy's end translates to; 0 when A kept its log). Absent where
   * unknown: the copy's end beyond the index, or A not answering.
   *
   * @param copyEnds end offsets on B of the copy partitions (others are ignored)
   */
  Map<TopicPartition, Long> behindAtCut(
      Map<TopicPartition, Long> copyEnds, Admin a, Duration timeout) throws InterruptedException {
    Map<TopicPartition, Long> needed = new HashMap<>();
    index.ifPresent(
        known ->
            planned.forEach(
                (copy, origin) -> {
                  Long end = copyEnds.get(copy);
                  ReverseTranslation t =
                      end == null
                          ? null
                          : known.sourceOf(origin, end, originIds.of(origin.topic()));
                  if (t != null && t.exact()) {
                    needed.put(copy, t.source().getAsLong());
                  }
                }));
    if (needed.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> onA =
        BoundedAdmin.endOffsets(a, needed.keySet().stream().map(planned::get).toList(), timeout);
    Map<TopicPartition, Long> behind = new HashMap<>();
    // An empty answer is unknown, not zero: the plan shows "?" for these partitions.
    if (!onA.isEmpty()) {
      needed.forEach(
          (copy, sourceEnd) ->
              behind.put(copy, Math.max(0, sourceEnd - onA.get(planned.get(copy)))));
    }
    return behind;
  }

  @Override
  public void close() {
    translator.close();
  }
}

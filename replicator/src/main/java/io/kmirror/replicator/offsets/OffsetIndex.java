package io.kmirror.replicator.offsets;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link PartitionIndex} of every source partition of one flow, fed with the index topic's
 * entries in log order, and the run keys the topic holds for each ({@link RunKeys}). Not
 * thread-safe: one owner.
 *
 * <p><b>Pruning and tombstones.</b> {@link #prune} drops, in memory, the runs no source offset at
 * or above the source's log start can need ({@link PartitionIndex#pruneBelow}: a prefix, never the
 * last run), and returns every run key the topic holds below the first run kept; the pruner writes
 * a tombstone for each. Invariant: <em>a run key is tombstoned only when it is below the first run
 * its partition keeps</em>. A tombstone for key {@code s} is applied as "drop every run starting at
 * or below {@code s}, never the last" ({@link PartitionIndex#forgetThrough}); by the invariant that
 * is exactly the pruned prefix. So a reader rebuilds the same pruned index from any state of the
 * topic: before compaction (run records, then their tombstones later in the log), after it (neither
 * is left), or half-way (some run records gone, their tombstones still there). Dropping a prefix
 * changes no answer above the new floor, and below it the answer is "below index", never a guess.
 *
 * <p>A mark's tombstone is written after the tombstones of all run keys of a partition whose source
 * topic no longer exists; it removes the partition, so a topic of the same name created later
 * starts from an empty index.
 */
public final class OffsetIndex {

  private final Map<TopicPartition, PartitionIndex> partitions = new HashMap<>();
  private final Map<TopicPartition, RunKeys> keys = new HashMap<>();

  public void apply(IndexRecords.Entry entry) {
    TopicPartition tp = entry.partition();
    if (entry instanceof IndexRecords.Run run) {
      partitions
          .computeIfAbsent(tp, p -> new PartitionIndex())
          .run(run.from(), run.sourceStart(), run.targetStart());
      keys.computeIfAbsent(tp, p -> new RunKeys()).add(run.sourceStart());
    } else if (entry instanceof IndexRecords.Mark mark) {
      partitions
          .computeIfAbsent(tp, p -> new PartitionIndex())
          .mark(mark.next(), mark.lastSource(), mark.lastTarget());
    } else if (entry instanceof IndexRecords.RunTombstone tombstone) {
      // Never creates a partition: a tombstone of a partition already removed changes nothing.
      PartitionIndex index = partitions.get(tp);
      if (index != null) {
        index.forgetThrough(tombstone.sourceStart());
      }
      RunKeys held = keys.get(tp);
      if (held != null) {
        held.remove(tombstone.sourceStart());
      }
    } else if (entry instanceof IndexRecords.MarkTombstone) {
      partitions.remove(tp);
      keys.remove(tp);
    }
  }

  /** Where a group committed at {@code committed} on source partition {@code tp} resumes. */
  public Translation translate(TopicPartition tp, long committed) {
    PartitionIndex index = partitions.get(tp);
    return index == null ? Translation.notMirrored() : index.translate(committed);
  }

  /**
   * Where a group committed at {@code targetOffset} on the remote copy of source partition {@code
   * tp} resumes on {@code tp}; see {@link PartitionIndex#sourceOf}.
   */
  public ReverseTranslation sourceOf(TopicPartition tp, long targetOffset) {
    PartitionIndex index = partitions.get(tp);
    return index == null ? ReverseTranslation.notMirrored() : index.sourceOf(targetOffset);
  }

  public Optional<PartitionIndex> partition(TopicPartition tp) {
    return Optional.ofNullable(partitions.get(tp));
  }

  /** The source partitions this index has entries for. */
  public Set<TopicPartition> partitions() {
    return Set.copyOf(partitions.keySet());
  }

  public int size() {
    return partitions.size();
  }

  /**
   * Drops the runs of {@code tp} that no source offset at or above {@code logStart} can need, and
   * returns the run keys to tombstone: every key the topic holds below the first run kept (the
   * dropped runs, and runs a restart superseded earlier). The keys stay known until their
   * tombstones are read back, so a pass whose tombstones were not written finds them again.
   */
  public long[] prune(TopicPartition tp, long logStart) {
    PartitionIndex index = partitions.get(tp);
    RunKeys held = keys.get(tp);
    if (index == null || held == null) {
      return new long[0];
    }
    index.pruneBelow(logStart);
    return index.firstRunStart().isPresent()
        ? held.below(index.firstRunStart().getAsLong())
        : new long[0];
  }

  /** Every run key the topic holds for {@code tp}: all of them go when its topic is deleted. */
  public long[] runKeys(TopicPartition tp) {
    RunKeys held = keys.get(tp);
    return held == null ? new long[0] : held.all();
  }
}

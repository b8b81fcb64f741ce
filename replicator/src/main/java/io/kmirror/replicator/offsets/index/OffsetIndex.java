package io.kmirror.replicator.offsets.index;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset index of every source partition of one flow, fed with the index topic's entries in log
 * order, one {@link PartitionEntries} per partition: the {@link PartitionIndex} of the source topic
 * (by ID) it follows, and the keys the topic holds. Not thread-safe: one owner.
 *
 * <p><b>Re-created topics.</b> Each partition follows one topic ID at a time: entries of a new ID
 * drop what was held for the old one before they apply, and every answer compares the ID followed
 * with the source topic's current ID when the caller knows it ({@link Translation.Kind#RECREATED}
 * when they differ). See {@link PartitionEntries}.
 *
 * <p><b>Pruning and tombstones.</b> {@link #prune} drops, in memory, the runs no source offset at
 * or above the source's log start can need ({@link PartitionIndex#pruneBelow}: a prefix, never the
 * last run), and returns every run key of the followed topic below the first run kept, plus every
 * key of a superseded topic; the pruner writes a tombstone for each. Invariant: <em>a run key of
 * the followed topic is tombstoned only when it is below the first run its partition keeps</em>. A
 * tombstone for key {@code s} is applied as "drop every run starting at or below {@code s}, never
 * the last" ({@link PartitionIndex#forgetThrough}); by the invariant that is exactly the pruned
 * prefix. So a reader rebuilds the same pruned index from any state of the topic: before compaction
 * (run records, then their tombstones later in the log), after it (neither is left), or half-way
 * (some run records gone, their tombstones still there). Dropping a prefix changes no answer above
 * the new floor, and below it the answer is "below index", never a guess. Keys name the topic ID,
 * so a superseded topic's tombstones never touch the followed topic's records.
 *
 * <p>A mark's tombstone is written after the tombstones of all run keys of a partition whose source
 * topic no longer exists; it removes the partition's index, so a topic of the same name created
 * later starts from an empty one.
 */
public final class OffsetIndex {

  private final Map<TopicPartition, PartitionEntries> partitions = new HashMap<>();

  public void apply(IndexRecords.Entry entry) {
    TopicPartition tp = entry.partition();
    // A tombstone never creates a partition: one for a partition already removed changes nothing.
    PartitionEntries entries =
        entry.isTombstone()
            ? partitions.get(tp)
            : partitions.computeIfAbsent(tp, p -> new PartitionEntries());
    if (entries == null) {
      return;
    }
    entries.apply(entry);
    if (entries.isEmpty()) {
      partitions.remove(tp);
    }
  }

  /**
   * Where a group committed at {@code committed} on source partition {@code tp} resumes, with the
   * source topic's current ID unknown: the index is trusted as it is (the source is down, say).
   */
  public Translation translate(TopicPartition tp, long committed) {
    return translate(tp, committed, Optional.empty());
  }

  /**
   * Where a group committed at {@code committed} on source partition {@code tp} resumes; {@link
   * Translation.Kind#RECREATED} when the index is for an earlier topic than {@code sourceTopicId}.
   *
   * @param sourceTopicId the source topic's current ID, empty when unknown
   */
  public Translation translate(TopicPartition tp, long committed, Optional<String> sourceTopicId) {
    PartitionEntries entries = partitions.get(tp);
    return entries == null
        ? Translation.notMirrored()
        : entries.translate(committed, sourceTopicId.orElse(""));
  }

  /**
   * Where a group committed at {@code targetOffset} on the remote copy of source partition {@code
   * tp} resumes on {@code tp}, the source topic's current ID unknown; see {@link
   * PartitionIndex#sourceOf}.
   */
  public ReverseTranslation sourceOf(TopicPartition tp, long targetOffset) {
    return sourceOf(tp, targetOffset, Optional.empty());
  }

  /**
   * As {@link #sourceOf(TopicPartition, long)}; {@link ReverseTranslation.Kind#RECREATED} when the
   * index is for an earlier topic than {@code sourceTopicId} (empty: unknown).
   */
  public ReverseTranslation sourceOf(
      TopicPartition tp, long targetOffset, Optional<String> sourceTopicId) {
    PartitionEntries entries = partitions.get(tp);
    return entries == null
        ? ReverseTranslation.notMirrored()
        : entries.sourceOf(targetOffset, sourceTopicId.orElse(""));
  }

  /** The index of {@code tp}, whichever topic ID it follows. */
  public Optional<PartitionIndex> partition(TopicPartition tp) {
    return Optional.ofNullable(partitions.get(tp)).flatMap(PartitionEntries::partitionIndex);
  }

  /**
   * The index of {@code tp}, unless it is for an earlier topic than {@code sourceTopicId} (empty:
   * unknown).
   */
  public Optional<PartitionIndex> partition(TopicPartition tp, Optional<String> sourceTopicId) {
    return Optional.ofNullable(partitions.get(tp))
        .flatMap(e -> e.partitionIndex(sourceTopicId.orElse("")));
  }

  /** The ID of the source topic the index follows for {@code tp}; empty when unknown or none. */
  public Optional<String> topicId(TopicPartition tp) {
    return Optional.ofNullable(partitions.get(tp))
        .map(PartitionEntries::topicId)
        .filter(id -> !id.isEmpty());
  }

  /** The source partitions this index can answer for. */
  public Set<TopicPartition> partitions() {
    return partitions.entrySet().stream()
        .filter(e -> e.getValue().partitionIndex().isPresent())
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The source partitions the topic holds keys for, answerable or not: what pruning visits. */
  public Set<TopicPartition> keyedPartitions() {
    return Set.copyOf(partitions.keySet());
  }

  public int size() {
    return partitions().size();
  }

  /**
   * Drops the runs of {@code tp} that no source offset at or above {@code logStart} can need, and
   * returns the keys to tombstone: every run key of the followed topic below the first run kept
   * (the dropped runs, and runs a restart superseded earlier), and every key of a superseded topic.
   */
  public Tombstones prune(TopicPartition tp, long logStart) {
    PartitionEntries entries = partitions.get(tp);
    return entries == null ? Tombstones.NONE : entries.prune(logStart);
  }

  /** Every key of a topic {@code tp}'s index no longer follows; safe without the source. */
  public Tombstones superseded(TopicPartition tp) {
    PartitionEntries entries = partitions.get(tp);
    return entries == null ? Tombstones.NONE : entries.superseded();
  }

  /** Every key the topic holds for {@code tp}: all of them go when its source topic is deleted. */
  public Tombstones all(TopicPartition tp) {
    PartitionEntries entries = partitions.get(tp);
    return entries == null ? Tombstones.NONE : entries.all();
  }
}

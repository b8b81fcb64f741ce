package io.kmirror.replicator.offsets;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link PartitionIndex} of every source partition of one flow, fed with the index topic's
 * entries in log order. Not thread-safe: one owner.
 */
public final class OffsetIndex {

  private final Map<TopicPartition, PartitionIndex> partitions = new HashMap<>();

  public void apply(IndexRecords.Entry entry) {
    PartitionIndex index =
        partitions.computeIfAbsent(entry.partition(), tp -> new PartitionIndex());
    if (entry instanceof IndexRecords.Run run) {
      index.run(run.from(), run.sourceStart(), run.targetStart());
    } else if (entry instanceof IndexRecords.Mark mark) {
      index.mark(mark.next(), mark.lastSource(), mark.lastTarget());
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

  public int size() {
    return partitions.size();
  }
}

package io.kmirror.replicator.health;

import io.kmirror.replicator.metrics.LagSnapshot;
import io.kmirror.replicator.mirror.PartitionPosition;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns periodic readings (each owned partition's next offset to copy, and the source's end
 * offsets) into lag in records and an upper bound of lag in time, per partition and topic.
 *
 * <p><b>Why the time is an upper bound.</b> For each partition the tracker keeps a "safe time":
 * every record produced before it is on the target. When a reading shows the partition caught up
 * (next offset to copy at or past the end offset), the safe time becomes the moment the end offsets
 * were asked for: the end at that moment was at most the end returned, and everything below the
 * position read before it is on the target. Until a partition first catches up, the safe time is
 * the timestamp of the first record read since it was taken over or rewound (everything below that
 * record was on the target then). The oldest missing record is then at most {@code now - safe time}
 * old; between two readings the bound may overshoot by one reading interval, never undershoot
 * (timestamps set by producers aside). Without either, the bound starts when the tracker first saw
 * the partition.
 *
 * <p>A partition counts as stalled when it is behind and its position has not moved for the stall
 * threshold. Not thread-safe: one probe uses it.
 */
final class LagTracker {

  private static final class Partition {
    long position = -1;
    long movedAt;
    long safeAt;
    boolean everCaughtUp;
    long end = -1;
  }

  private final Duration stalledAfter;
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  LagTracker(Duration stalledAfter) {
    this.stalledAfter = stalledAfter;
  }

  /**
   * @param askedAt when the end offsets were asked for (after the positions were read)
   * @param positions the owned partitions and where mirroring stands
   * @param ends the source's end offsets read this round; a partition missing here (the source did
   *     not answer) keeps its last end, and its safe time does not move
   */
  LagSnapshot update(
      long askedAt,
      long now,
      Map<TopicPartition, PartitionPosition> positions,
      Map<TopicPartition, Long> ends) {
    partitions.keySet().retainAll(positions.keySet());
    Map<String, long[]> topics = new HashMap<>();
    Map<TopicPartition, Long> byPartition = new HashMap<>();
    int stalled = 0;
    long caughtUp = Long.MAX_VALUE;
    for (Map.Entry<TopicPartition, PartitionPosition> e : positions.entrySet()) {
      TopicPartition tp = e.getKey();
      PartitionPosition position = e.getValue();
      Partition p = partitions.computeIfAbsent(tp, k -> fresh(now));
      if (position.next() != p.position) {
        p.position = position.next();
        p.movedAt = now;
      }
      if (!p.everCaughtUp && position.epochStartTimestamp() >= 0) {
        p.safeAt = Math.min(p.safeAt, position.epochStartTimestamp());
      }
      Long read = ends.get(tp);
      if (read != null) {
        p.end = read;
      }
      long behind = p.end < 0 ? 0 : Math.max(0, p.end - position.next());
      if (read != null && behind == 0) {
        p.safeAt = Math.max(p.safeAt, askedAt);
        p.everCaughtUp = true;
      }
      long millis = behind == 0 ? 0 : Math.max(0, now - p.safeAt);
      if (behind > 0 && now - p.movedAt >= stalledAfter.toMillis()) {
        stalled++;
      }
      caughtUp = Math.min(caughtUp, p.safeAt);
      byPartition.put(tp, behind);
      long[] sum = topics.computeIfAbsent(tp.topic(), t -> new long[2]);
      sum[0] += behind;
      sum[1] = Math.max(sum[1], millis);
    }
    Map<String, LagSnapshot.TopicLag> byTopic = new HashMap<>();
    topics.forEach((t, sum) -> byTopic.put(t, new LagSnapshot.TopicLag(sum[0], sum[1])));
    return new LagSnapshot(
        positions.size(),
        stalled,
        caughtUp == Long.MAX_VALUE ? askedAt : caughtUp,
        byTopic,
        byPartition);
  }

  private static Partition fresh(long now) {
    Partition p = new Partition();
    p.movedAt = now;
    p.safeAt = now;
    return p;
  }
}

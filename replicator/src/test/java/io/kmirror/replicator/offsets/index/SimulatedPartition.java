package io.kmirror.replicator.offsets.index;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * A source partition, its target partition and the runs and marks a mirroring worker would write,
 * without Kafka: enough to compute, for every committed offset, the answer exact translation must
 * give (the target offset of the last copy of the first mirrored record at or above it).
 */
final class SimulatedPartition {

  /** Source offsets that hold readable records; the others are markers, aborted or compacted. */
  private final TreeSet<Long> readable = new TreeSet<>();

  private final long sourceEnd;

  /** Target offset -> source offset of the record there, -1 for another writer's record. */
  private final List<Long> target = new ArrayList<>();

  final PartitionIndex index = new PartitionIndex();

  /** The runs and marks written to {@link #index}, in order, as entries of a partition to name. */
  private final List<Function<TopicPartition, IndexRecords.Entry>> written = new ArrayList<>();

  SimulatedPartition(long sourceEnd, long... unreadable) {
    this.sourceEnd = sourceEnd;
    for (long o = 0; o < sourceEnd; o++) {
      readable.add(o);
    }
    for (long o : unreadable) {
      readable.remove(o);
    }
  }

  static long[] range(long fromInclusive, long toExclusive) {
    long[] offsets = new long[(int) (toExclusive - fromInclusive)];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = fromInclusive + i;
    }
    return offsets;
  }

  long sourceEnd() {
    return sourceEnd;
  }

  int targetEnd() {
    return target.size();
  }

  /** Another producer writes {@code count} records to the target partition. */
  void foreignWrites(int count) {
    for (int i = 0; i < count; i++) {
      target.add(-1L);
    }
  }

  /** Records that reach the target without counting as acknowledged (after a failed one). */
  void strayWrites(long fromOffset, long until) {
    for (Long s = readable.ceiling(fromOffset); s != null && s < until; s = readable.higher(s)) {
      target.add(s);
    }
  }

  /** A stretch of sending from {@code start} (stored progress, or the first readable offset). */
  Stretch stretch(long start) {
    return new Stretch(start, -1);
  }

  /**
   * A stretch resuming from stored progress {@code start} stored with the last mirrored offset
   * below it, {@code lastBeforeStart}: its first run starts right after that offset, as a worker's
   * does.
   */
  Stretch stretch(long start, long lastBeforeStart) {
    return new Stretch(start, lastBeforeStart);
  }

  /** What a worker does: acknowledge records in order, write runs, write marks. */
  final class Stretch {
    private long position;
    private long ackedNext;
    private long lastDelta = Long.MIN_VALUE;
    private long lastSource = -1;
    private long lastTarget = -1;
    private final long firstRunFrom;

    private Stretch(long start, long lastBeforeStart) {
      this.position = start;
      this.ackedNext = start;
      this.firstRunFrom =
          lastBeforeStart >= 0 && lastBeforeStart + 1 < start ? lastBeforeStart + 1 : start;
    }

    /** Mirrors the readable records below {@code until}, in order. */
    Stretch mirrorUntil(long until) {
      for (Long s = readable.ceiling(position); s != null && s < until; s = readable.higher(s)) {
        long t = target.size();
        target.add(s);
        if (t - s != lastDelta) {
          long from = lastDelta == Long.MIN_VALUE ? firstRunFrom : ackedNext;
          lastDelta = t - s;
          index.run(from, s, t);
          long sourceStart = s;
          written.add(tp -> new IndexRecords.Run(tp, from, sourceStart, t));
        }
        ackedNext = s + 1;
        lastSource = s;
        lastTarget = t;
      }
      position = Math.max(position, until);
      return this;
    }

    /** Writes a mark: progress at {@code next} (the consumer's position when idle). */
    long mark(long next) {
      index.mark(next, lastSource, lastTarget);
      long markedSource = lastSource;
      long markedTarget = lastTarget;
      written.add(tp -> new IndexRecords.Mark(tp, next, markedSource, markedTarget));
      return next;
    }

    /** A mark while records are in flight: progress is the acknowledged position. */
    long markAcked() {
      return mark(ackedNext);
    }
  }

  /** The runs and marks written so far, in order, as the index entries of {@code tp}. */
  List<IndexRecords.Entry> entries(TopicPartition tp) {
    return written.stream().map(w -> w.apply(tp)).toList();
  }

  /** Whether target offset {@code t} holds the last copy of its source record: the one kept. */
  boolean keptAt(int t) {
    long s = target.get(t);
    return s >= 0 && target.lastIndexOf(s) == t;
  }

  /** The first source offset at or after {@code offset} that a consumer reads, or the end. */
  long nextReadable(long offset) {
    Long s = readable.ceiling(offset);
    return s == null ? sourceEnd : s;
  }

  /**
   * The answer the reverse lookup must give for a group committed at target offset {@code y}: the
   * source offset of the first kept copy at or after {@code y}, else {@code mirroredUpTo}.
   */
  long expectedSource(int y, long mirroredUpTo) {
    for (int t = y; t < target.size(); t++) {
      if (keptAt(t)) {
        return target.get(t);
      }
    }
    return mirroredUpTo;
  }

  /** The answer exact translation must give for {@code committed}, or -1 beyond the mirror. */
  long expected(long committed, long mirroredUpTo) {
    if (committed > mirroredUpTo) {
      return -1;
    }
    Long first = readable.ceiling(committed);
    if (first == null || first >= mirroredUpTo) {
      int end = target.size();
      while (end > 0 && target.get(end - 1) < 0) {
        end--;
      }
      return end;
    }
    return target.lastIndexOf(first);
  }
}

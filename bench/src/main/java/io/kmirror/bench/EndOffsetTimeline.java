package io.kmirror.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The target's end offsets of one topic, looked at every few hundred milliseconds while traffic
 * runs at a steady rate, and what they say about a moment (a process joining or dying): how long
 * each partition went without a new record, and the records per second over time.
 *
 * <p>A partition that receives hundreds of records per second on the source and shows no new record
 * on the target between two looks is stalled; the stall is measured from the last look that showed
 * progress to the first that showed it again, so its length is exact to one look interval.
 */
final class EndOffsetTimeline {

  /** One look: when, and each partition's end offset. */
  record Look(long nanos, long[] ends) {
    long sum() {
      long s = 0;
      for (long e : ends) {
        s += e;
      }
      return s;
    }
  }

  /** What one window says: partitions stalled longer than a threshold, and the longest stall. */
  record Window(int stalledPartitions, double longestStallSeconds, double lowestRecordsPerSecond) {}

  private final List<Look> looks = new ArrayList<>();
  private final int partitions;

  EndOffsetTimeline(int partitions) {
    this.partitions = partitions;
  }

  synchronized void add(long nanos, long[] ends) {
    if (ends.length != partitions) {
      throw new IllegalArgumentException(ends.length + " ends for " + partitions + " partitions");
    }
    looks.add(new Look(nanos, ends.clone()));
  }

  synchronized Look last() {
    return looks.isEmpty()
        ? new Look(System.nanoTime(), new long[partitions])
        : looks.get(looks.size() - 1);
  }

  /**
   * The stalls that overlap {@code [from, to)}: a partition counts as stalled when it went more
   * than {@code thresholdSeconds} without a new record; the lowest records/s is over whole seconds.
   */
  synchronized Window window(long from, long to, double thresholdSeconds) {
    int stalled = 0;
    double longest = 0;
    for (int p = 0; p < partitions; p++) {
      double stall = longestStall(p, from, to);
      longest = Math.max(longest, stall);
      if (stall > thresholdSeconds) {
        stalled++;
      }
    }
    return new Window(stalled, longest, lowestRate(from, to));
  }

  /**
   * Seconds of the longest run without progress on {@code partition} that overlaps the window: from
   * the last look with progress before the run to the first look with progress after it (or the
   * window's end, if it never moved again).
   */
  private double longestStall(int partition, long from, long to) {
    long lastProgress = Long.MIN_VALUE;
    long previousEnd = -1;
    double longest = 0;
    for (Look look : looks) {
      long end = look.ends()[partition];
      if (previousEnd < 0 || end > previousEnd) {
        if (lastProgress != Long.MIN_VALUE && look.nanos() > from && lastProgress < to) {
          longest = Math.max(longest, MirrorBenchmark.secs(look.nanos() - lastProgress));
        }
        lastProgress = look.nanos();
      }
      previousEnd = end;
      if (look.nanos() > to) {
        return longest;
      }
    }
    if (lastProgress != Long.MIN_VALUE && lastProgress < to) {
      longest =
          Math.max(longest, MirrorBenchmark.secs(Math.min(to, last().nanos()) - lastProgress));
    }
    return longest;
  }

  /** The lowest records/s over any whole second in the window (first look of each second). */
  private double lowestRate(long from, long to) {
    double lowest = Double.NaN;
    Look start = null;
    for (Look look : looks) {
      if (look.nanos() < from || look.nanos() > to) {
        continue;
      }
      if (start == null) {
        start = look;
      } else if (look.nanos() - start.nanos() >= 1_000_000_000L) {
        double rate =
            (look.sum() - start.sum()) / MirrorBenchmark.secs(look.nanos() - start.nanos());
        lowest = Double.isNaN(lowest) ? rate : Math.min(lowest, rate);
        start = look;
      }
    }
    return lowest;
  }

  /** Records/s per whole second since {@code from}, for the printed timeline. */
  synchronized List<Long> ratePerSecond(long from) {
    List<Long> rates = new ArrayList<>();
    Look start = null;
    for (Look look : looks) {
      if (look.nanos() < from) {
        continue;
      }
      if (start == null) {
        start = look;
      } else if (look.nanos() - start.nanos() >= 1_000_000_000L) {
        rates.add(
            Math.round(
                (look.sum() - start.sum()) / MirrorBenchmark.secs(look.nanos() - start.nanos())));
        start = look;
      }
    }
    return rates;
  }
}

package io.kmirror.bench;

import java.util.Arrays;

/**
 * Latencies of the latency phase: one slot per record id in the measured window (ids at or above
 * {@code measuredFrom}); warm-up records arrive but are not counted. Written by one observer
 * thread, read after the phase.
 */
final class LatencyRecorder {

  private final long measuredFrom;
  private final long[] nanos;
  private int count;

  LatencyRecorder(long measuredFrom, int capacity) {
    this.measuredFrom = measuredFrom;
    this.nanos = new long[capacity];
  }

  void arrived(long id, long latencyNanos) {
    if (id >= measuredFrom && count < nanos.length) {
      nanos[count++] = latencyNanos;
    }
  }

  synchronized Percentiles percentiles() {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new Percentiles(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    return new Percentiles(
        millis(sorted[(int) Math.floor(0.50 * (sorted.length - 1))]),
        millis(sorted[(int) Math.floor(0.99 * (sorted.length - 1))]),
        millis(sorted[sorted.length - 1]),
        sorted.length);
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  /** Latency percentiles in milliseconds over {@code samples} records. */
  record Percentiles(double p50, double p99, double max, int samples) {}
}

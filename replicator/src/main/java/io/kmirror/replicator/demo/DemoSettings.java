package io.kmirror.replicator.demo;

import io.kmirror.replicator.runtime.RuntimeSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the demo runs.
 *
 * @param rate records per second on each sample topic
 * @param partitions partitions of each sample topic
 * @param tick how often the live table prints
 * @param catchUpTimeout longest wait, after traffic stops, for the targets to hold every record
 * @param runtime the replicator's own timing, as {@code kmirror run} uses it
 */
public record DemoSettings(
    int rate, int partitions, Duration tick, Duration catchUpTimeout, RuntimeSettings runtime) {

  public static final int DEFAULT_RATE = 50;
  public static final int MAX_RATE = 100_000;

  public DemoSettings {
    if (rate < 1 || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "rate " + rate + " is out of range; expected 1.." + MAX_RATE + " records/s per topic");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions " + partitions + " must be at least 1");
    }
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
    Objects.requireNonNull(runtime, "runtime");
  }

  /** The command line's defaults at {@code rate} records per second per topic. */
  public static DemoSettings atRate(int rate) {
    return new DemoSettings(
        rate, 3, Duration.ofSeconds(2), Duration.ofSeconds(60), RuntimeSettings.defaults());
  }
}

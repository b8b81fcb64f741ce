package io.kmirror.replicator.demo;

import io.kmirror.topology.FlowId;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end latency per flow (a record's arrival on the target minus its timestamp), as Micrometer
 * timers with client-side percentiles: a recent one for the live table (the last {@value
 * #WINDOW_SECONDS} s, rotated in steps) and one over the whole run for the summary. Recording is
 * allocation-free and thread-safe.
 */
final class LatencyStats {

  static final int WINDOW_SECONDS = 10;
  private static final double P99 = 0.99;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<FlowId, Timer> recent = new HashMap<>();
  private final Map<FlowId, Timer> whole = new HashMap<>();

  LatencyStats(List<FlowId> flows) {
    for (FlowId flow : flows) {
      recent.put(flow, timer(flow, "recent", Duration.ofSeconds(WINDOW_SECONDS), 5));
      whole.put(flow, timer(flow, "run", Duration.ofDays(1), 1));
    }
  }

  private Timer timer(FlowId flow, String window, Duration expiry, int buffers) {
    return Timer.builder("kmirror.demo.latency")
        .tag("flow", flow.toString())
        .tag("window", window)
        .publishPercentiles(P99)
        .percentilePrecision(2)
        .distributionStatisticExpiry(expiry)
        .distributionStatisticBufferLength(buffers)
        .register(registry);
  }

  /** A sink for one flow's samples, looked up once, not per record. */
  Sink sink(FlowId flow) {
    return new Sink(recent.get(flow), whole.get(flow));
  }

  OptionalDouble recentP99(FlowId flow) {
    return p99(recent.get(flow));
  }

  OptionalDouble wholeRunP99(FlowId flow) {
    return p99(whole.get(flow));
  }

  long samples(FlowId flow) {
    return whole.get(flow).count();
  }

  /** One line per flow for the end of a run: the whole run's p99 and how many records it covers. */
  List<String> summary(List<FlowId> flows) {
    List<String> lines = new ArrayList<>();
    for (FlowId flow : flows) {
      lines.add(
          "latency "
              + flow
              + ": p99 "
              + LiveTable.millis(wholeRunP99(flow))
              + " ms over "
              + samples(flow)
              + " records (produce to readable on the target)");
    }
    return lines;
  }

  private static OptionalDouble p99(Timer timer) {
    if (timer == null || timer.count() == 0) {
      return OptionalDouble.empty();
    }
    for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
      if (value.percentile() == P99) {
        return OptionalDouble.of(value.value(TimeUnit.MILLISECONDS));
      }
    }
    return OptionalDouble.empty();
  }

  /** Records into both windows of one flow. */
  static final class Sink {
    private final Timer recent;
    private final Timer whole;

    private Sink(Timer recent, Timer whole) {
      this.recent = recent;
      this.whole = whole;
    }

    void record(long millis) {
      long value = Math.max(0, millis);
      recent.record(value, TimeUnit.MILLISECONDS);
      whole.record(value, TimeUnit.MILLISECONDS);
    }
  }
}

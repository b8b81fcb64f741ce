package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * How the process shapes its Prometheus metrics.
 *
 * @param topicsMax {@code kmirror.metrics.topics.max}: topics per flow that get their own {@code
 *     topic} label; the rest share {@code topic="_other"}, so a flow over thousands of topics
 *     cannot blow up a scrape
 * @param stalledAfter {@code kmirror.metrics.stalled.after.seconds}: how long a partition may be
 *     behind without moving before it counts in {@code kmirror_stalled_partitions}
 * @param partitionLag {@code kmirror.metrics.partition.lag.enabled}: also export lag per partition
 *     ({@code kmirror_partition_lag_records}), the only metric with a {@code partition} label; off
 *     by default because it multiplies series by the partition count
 */
public record MetricsSettings(int topicsMax, Duration stalledAfter, boolean partitionLag) {

  private static final MetricsSettings DEFAULTS =
      new MetricsSettings(500, Duration.ofMinutes(5), false);

  public MetricsSettings {
    Rules.topicsMax(topicsMax);
    Rules.interval(Objects.requireNonNull(stalledAfter, "stalledAfter"));
  }

  /** Without per-partition lag. */
  public MetricsSettings(int topicsMax, Duration stalledAfter) {
    this(topicsMax, stalledAfter, false);
  }

  /** The values {@code reference.conf} ships. */
  public static MetricsSettings defaults() {
    return DEFAULTS;
  }
}

package io.kmirror.replicator.metrics;

import io.kmirror.topology.MetricsSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * A flow's lag meters, set by each health round from a {@link LagSnapshot}: partitions owned and
 * stalled, the caught-up time, each topic's lag (on its {@link TopicMeters}, {@code _other} summing
 * the folded topics) and, when asked for, each partition's.
 */
public final class LagMeters {

  private final AtomicLong partitionsAssigned = new AtomicLong();
  private final AtomicLong stalledPartitions = new AtomicLong();
  private final AtomicLong caughtUpMillis = new AtomicLong();
  private final Duration stalledAfter;
  private final TopicMeterSet topics;
  private final PartitionLagMeters partitionLag;

  LagMeters(MeterRegistry registry, Tags tags, MetricsSettings settings, TopicMeterSet topics) {
    this.stalledAfter = settings.stalledAfter();
    this.topics = topics;
    this.partitionLag = settings.partitionLag() ? new PartitionLagMeters(registry, tags) : null;
    Gauge.builder("kmirror.partitions.assigned", partitionsAssigned, AtomicLong::get)
        .description("Source partitions this process mirrors")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder("kmirror.stalled.partitions", stalledPartitions, AtomicLong::get)
        .description("Partitions behind their source that made no progress for the stall threshold")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder("kmirror.caught.up.timestamp", caughtUpMillis, m -> m.get() / 1000.0)
        .description(
            "Unix time before which every source record this process owns is on the target")
        .baseUnit("seconds")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  /** How long a partition may be behind and still before it counts as stalled. */
  public Duration stalledAfter() {
    return stalledAfter;
  }

  /** One lag measurement of the partitions this process owns. */
  public void update(LagSnapshot snapshot) {
    partitionsAssigned.set(snapshot.partitions());
    stalledPartitions.set(snapshot.stalled());
    caughtUpMillis.set(snapshot.caughtUpMillis());
    for (Map.Entry<TopicMeters, Set<String>> e : topics.byMeters().entrySet()) {
      long records = 0;
      long millis = 0;
      for (String topic : e.getValue()) {
        LagSnapshot.TopicLag lag = snapshot.topics().get(topic);
        if (lag != null) {
          records += lag.records();
          millis = Math.max(millis, lag.millis());
        }
      }
      e.getKey().lag(records, millis);
    }
    if (partitionLag != null) {
      Map<TopicPartition, Long> shown = new HashMap<>();
      snapshot
          .byPartition()
          .forEach(
              (tp, behind) -> {
                if (topics.named(tp.topic())) {
                  shown.put(tp, behind);
                }
              });
      partitionLag.update(shown);
    }
  }

  public long partitionsAssigned() {
    return partitionsAssigned.get();
  }

  public long stalledPartitions() {
    return stalledPartitions.get();
  }

  /** Records behind summed over every topic this process owns, as last measured. */
  public long records() {
    return topics.byMeters().keySet().stream().mapToLong(TopicMeters::lagRecords).sum();
  }

  public long caughtUpMillis() {
    return caughtUpMillis.get();
  }
}

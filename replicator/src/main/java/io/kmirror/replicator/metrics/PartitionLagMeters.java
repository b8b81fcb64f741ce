package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code kmirror_partition_lag_records{topic,partition}}, only when {@code
 * kmirror.metrics.partition.lag.enabled} asks for it: records behind per partition this process
 * owns, for topics within the topic cap. A partition the process no longer owns loses its series.
 */
final class PartitionLagMeters {

  private final MeterRegistry registry;
  private final Tags flowTags;
  private final Map<TopicPartition, Gauge> gauges = new HashMap<>();
  private final Map<TopicPartition, AtomicLong> values = new HashMap<>();

  PartitionLagMeters(MeterRegistry registry, Tags flowTags) {
    this.registry = registry;
    this.flowTags = flowTags;
  }

  /** The latest lag of every partition to show; others lose their series. */
  synchronized void update(Map<TopicPartition, Long> lag) {
    gauges
        .entrySet()
        .removeIf(
            e -> {
              if (lag.containsKey(e.getKey())) {
                return false;
              }
              registry.remove(e.getValue());
              values.remove(e.getKey());
              return true;
            });
    lag.forEach((tp, behind) -> value(tp).set(behind));
  }

  private AtomicLong value(TopicPartition tp) {
    return values.computeIfAbsent(
        tp,
        p -> {
          AtomicLong v = new AtomicLong();
          gauges.put(
              p,
              Gauge.builder("kmirror.partition.lag.records", v, AtomicLong::get)
                  .description("Source end offset minus the next offset to copy, per partition")
                  .tags(flowTags)
                  .tag("topic", p.topic())
                  .tag("partition", Integer.toString(p.partition()))
                  .strongReference(true)
                  .register(registry));
          return v;
        });
  }
}

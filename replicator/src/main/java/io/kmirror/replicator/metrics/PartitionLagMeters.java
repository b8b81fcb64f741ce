package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code kmirror_partition_lag_records{topic,partition}}, only when {@code
 * kmirror.metrics.partition.lag.enabled} asks for it: records behind per partition this process
 * owns, for topics within the topic cap. A partition the process no longer owns loses its series.
 */
final class PartitionLagMeters {

  private final GaugeFamily<TopicPartition> gauges;

  PartitionLagMeters(MeterRegistry registry, Tags flowTags) {
    gauges =
        new GaugeFamily<>(
            registry,
            "kmirror.partition.lag.records",
            "Source end offset minus the next offset to copy, per partition",
            tp ->
                flowTags
                    .and("topic", tp.topic())
                    .and("partition", Integer.toString(tp.partition())));
  }

  /** The latest lag of every partition to show; others lose their series. */
  void update(Map<TopicPartition, Long> lag) {
    gauges.update(lag);
  }
}

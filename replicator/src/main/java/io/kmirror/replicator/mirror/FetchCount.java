package io.kmirror.replicator.mirror;

import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The fetches a consumer completed so far ({@code consumer-fetch-manager-metrics} {@code
 * fetch-total}, recorded only when a fetch response was handled), -1 until the metric exists. The
 * consumer's metrics map is a view, so a read costs one lookup once the name is known. Worker
 * thread only.
 */
final class FetchCount implements LongSupplier {

  private static final String GROUP = "consumer-fetch-manager-metrics";
  private static final String NAME = "fetch-total";

  private final Consumer<?, ?> consumer;
  private MetricName name;

  FetchCount(Consumer<?, ?> consumer) {
    this.consumer = consumer;
  }

  @Override
  public long getAsLong() {
    Map<MetricName, ? extends Metric> metrics = consumer.metrics();
    if (name == null) {
      for (MetricName candidate : metrics.keySet()) {
        if (NAME.equals(candidate.name())
            && GROUP.equals(candidate.group())
            && !candidate.tags().containsKey("topic")) {
          name = candidate;
          break;
        }
      }
      if (name == null) {
        return -1;
      }
    }
    Metric metric = metrics.get(name);
    Object value = metric == null ? null : metric.metricValue();
    return value instanceof Number n ? n.longValue() : -1;
  }
}

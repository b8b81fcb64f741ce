package io.kmirror.replicator.failover;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Admin calls to a cluster that may be down: failover is run in a disaster, so no call may wait
 * longer than the operator allowed, and a cluster that does not answer leaves a gap the plan shows,
 * not a failed run.
 */
final class BoundedAdmin {

  private BoundedAdmin() {}

  /** Admin settings that keep every call to a cluster that may be down within {@code timeout}. */
  static Map<String, Object> config(Map<String, Object> admin, Duration timeout) {
    Map<String, Object> config = new HashMap<>(admin);
    int millis = (int) Math.max(1000, timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    return config;
  }

  /** The end offsets of {@code partitions} on {@code admin}; empty when it does not answer. */
  static Map<TopicPartition, Long> endOffsets(
      Admin admin, Collection<TopicPartition> partitions, Duration timeout)
      throws InterruptedException {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    if (specs.isEmpty()) {
      return ends;
    }
    try {
      admin
          .listOffsets(specs)
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
    } catch (ExecutionException | TimeoutException e) {
      // Unknown, not zero: the plan shows "?" for these partitions.
      return Map.of();
    }
    return ends;
  }
}

package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code kmirror_topic_sync_operations_total{operation,result}} of one flow: every change topic
 * sync asked the target for, and whether the target accepted it. Every series exists from the
 * start.
 */
public final class TopicSyncMeters {

  /** A change topic sync makes on the target. */
  public enum Operation {
    CREATE("create"),
    PARTITIONS("partitions"),
    CONFIG("config"),
    DELETE("delete"),
    /** A topic ACL copied to a remote topic. */
    ACL("acl");

    private final String label;

    Operation(String label) {
      this.label = label;
    }
  }

  private final Map<Operation, Counter> successes = new EnumMap<>(Operation.class);
  private final Map<Operation, Counter> failures = new EnumMap<>(Operation.class);

  TopicSyncMeters(MeterRegistry registry, Tags flowTags) {
    for (Operation op : Operation.values()) {
      successes.put(op, counter(registry, flowTags, op, "success"));
      failures.put(op, counter(registry, flowTags, op, "failure"));
    }
  }

  private static Counter counter(
      MeterRegistry registry, Tags flowTags, Operation op, String result) {
    return Counter.builder("kmirror.topic.sync.operations")
        .description("Changes topic sync asked the target for, by operation and result")
        .tags(flowTags)
        .tag("operation", op.label)
        .tag("result", result)
        .register(registry);
  }

  public void succeeded(Operation op) {
    successes.get(op).increment();
  }

  public void failed(Operation op) {
    failures.get(op).increment();
  }

  public long successes(Operation op) {
    return (long) successes.get(op).count();
  }

  public long failures(Operation op) {
    return (long) failures.get(op).count();
  }

  /** Changes the target refused, of every operation. */
  public long failures() {
    return (long) failures.values().stream().mapToDouble(Counter::count).sum();
  }
}

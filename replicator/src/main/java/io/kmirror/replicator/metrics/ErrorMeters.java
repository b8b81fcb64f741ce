package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kmirror_errors_total{stage,error}} of one flow. The {@code error} label is the exception's
 * simple class name when it is one of a short allow-list (the first such along the cause chain),
 * else {@code other}: labels stay bounded whatever a client throws. Every series is registered up
 * front at 0, so a rate() over it exists before the first error.
 */
public final class ErrorMeters {

  /** Where in a flow an error happened. */
  public enum Stage {
    CONSUME("consume"),
    PRODUCE("produce"),
    ADMIN("admin"),
    CHECKPOINT("checkpoint"),
    TOPIC_SYNC("topic-sync");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Error classes an operator acts on differently; anything else is {@code other}. */
  static final List<String> ALLOWED =
      List.of(
          "TimeoutException",
          "NotLeaderOrFollowerException",
          "UnknownTopicOrPartitionException",
          "RecordTooLargeException",
          "InvalidRecordException",
          "InvalidTimestampException",
          "OutOfOrderAcknowledgementException",
          "TopicAuthorizationException",
          "GroupAuthorizationException",
          "ClusterAuthorizationException",
          "SaslAuthenticationException",
          "DisconnectException",
          "PolicyViolationException");

  static final String OTHER = "other";

  private final Map<Stage, Map<String, Counter>> counters = new EnumMap<>(Stage.class);

  ErrorMeters(MeterRegistry registry, Tags flowTags) {
    for (Stage stage : Stage.values()) {
      Map<String, Counter> byError = new HashMap<>();
      for (String error : ALLOWED) {
        byError.put(error, counter(registry, flowTags, stage, error));
      }
      byError.put(OTHER, counter(registry, flowTags, stage, OTHER));
      counters.put(stage, Map.copyOf(byError));
    }
  }

  private static Counter counter(MeterRegistry registry, Tags flowTags, Stage stage, String error) {
    return Counter.builder("kmirror.errors")
        .description("Errors of a flow by stage and error class (allow-listed, else other)")
        .tags(flowTags)
        .tag("stage", stage.label())
        .tag("error", error)
        .register(registry);
  }

  /** Counts one error of {@code stage}. */
  public void record(Stage stage, Throwable error) {
    counters.get(stage).get(label(error)).increment();
  }

  /** Errors of {@code stage} so far, of every class. */
  public long count(Stage stage) {
    return (long) counters.get(stage).values().stream().mapToDouble(Counter::count).sum();
  }

  /** The {@code error} label of a failure: the first allow-listed class along its cause chain. */
  static String label(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (ALLOWED.contains(name)) {
        return name;
      }
    }
    return OTHER;
  }
}

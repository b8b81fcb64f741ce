package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.Causes;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.topology.FlowId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topics one read of a pass could not read (a describe of the topic or of its configs failed while
 * the rest of the batch answered): each failure is counted ({@code kmirror_errors_total{stage=
 * "topic-sync"}}), logged once per topic and reason, and the topic is asked again at the next pass;
 * an answer after a failure is logged once too. A topic that could not be read is never dropped,
 * created or deleted on the strength of that read: the planner keeps what it knew.
 *
 * <p>Bounded: holds only the topics whose last read, per kind of read, failed. Used on one context.
 */
final class UnreadTopics {

  private static final Logger LOG = LoggerFactory.getLogger(UnreadTopics.class);

  private final FlowId flow;
  private final ErrorMeters errors;
  private final Map<String, Map<String, String>> failing = new HashMap<>();

  UnreadTopics(FlowId flow, ErrorMeters errors) {
    this.flow = flow;
    this.errors = errors;
  }

  /**
   * The outcome of one read: {@code asked} the topics asked, {@code failed} those that failed with
   * their error. {@code read} names the read, e.g. {@code describe-source}.
   */
  void outcome(String read, Collection<String> asked, Map<String, Throwable> failed) {
    Map<String, String> before = failing.getOrDefault(read, Map.of());
    Map<String, String> now = new HashMap<>();
    failed.forEach(
        (topic, error) -> {
          Throwable cause = Causes.unwrap(error);
          errors.record(ErrorMeters.Stage.TOPIC_SYNC, cause);
          String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
          now.put(topic, reason);
          if (!reason.equals(before.get(topic))) {
            LOG.warn(
                "flow={} topic={} event=topic-read-failed read={} reason=\"{}\""
                    + " action=\"kept as it was, read again at the next refresh\"",
                flow,
                topic,
                read,
                reason);
          }
        });
    for (String topic : asked) {
      if (before.containsKey(topic) && !now.containsKey(topic)) {
        LOG.info("flow={} topic={} event=topic-read-recovered read={}", flow, topic, read);
      }
    }
    if (now.isEmpty()) {
      failing.remove(read);
    } else {
      failing.put(read, now);
    }
  }

  /** Topics whose last read of any kind failed, for tests and status. */
  int count() {
    return failing.values().stream().mapToInt(Map::size).sum();
  }
}

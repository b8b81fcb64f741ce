package io.kmirror.replicator.mirror;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;

/**
 * Looks up the IDs of source topics, so that stored progress is applied only to the topic it was
 * taken in (see {@link ProgressKey}). Called on the worker thread at assignment, once per
 * rebalance, never per record. The offset index's translations read IDs through it too ({@code
 * offsets.TopicIds}).
 */
@FunctionalInterface
public interface SourceTopicIds {

  /** IDs of the topics that answered; a topic missing from the result has an unknown ID. */
  Map<String, String> of(Collection<String> topics);

  /** Each lookup waits at most {@code timeout}; a failed or slow lookup knows no IDs. */
  static SourceTopicIds from(Admin admin, Duration timeout) {
    return topics -> {
      Map<String, String> ids = new HashMap<>();
      Map<String, KafkaFuture<TopicDescription>> futures =
          admin.describeTopics(Set.copyOf(topics)).topicNameValues();
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> e : futures.entrySet()) {
        try {
          long left = Math.max(0, deadline - System.nanoTime());
          ids.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS).topicId().toString());
        } catch (ExecutionException | TimeoutException ex) {
          // Unknown: the stored offset is then trusted, as it was before IDs were stored.
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return ids;
        }
      }
      return ids;
    };
  }
}

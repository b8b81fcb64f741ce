package io.kmirror.replicator.mirror;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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

  /**
   * Starts looking up {@code topics}' IDs and returns the wait for the answer, so the caller can do
   * other work meanwhile (a worker reads its progress while the source answers). By default the
   * lookup happens when the answer is asked for.
   */
  default Supplier<Map<String, String>> lookUp(Collection<String> topics) {
    return () -> of(topics);
  }

  /** Each lookup waits at most {@code timeout}; a failed or slow lookup knows no IDs. */
  static SourceTopicIds from(Admin admin, Duration timeout) {
    return new SourceTopicIds() {
      @Override
      public Map<String, String> of(Collection<String> topics) {
        return lookUp(topics).get();
      }

      @Override
      public Supplier<Map<String, String>> lookUp(Collection<String> topics) {
        Map<String, KafkaFuture<TopicDescription>> futures =
            admin.describeTopics(Set.copyOf(topics)).topicNameValues();
        return () -> answers(futures, timeout);
      }
    };
  }

  private static Map<String, String> answers(
      Map<String, KafkaFuture<TopicDescription>> futures, Duration timeout) {
    Map<String, String> ids = new HashMap<>();
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
  }
}

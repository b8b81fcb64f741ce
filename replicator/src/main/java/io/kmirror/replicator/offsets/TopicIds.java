package io.kmirror.replicator.offsets;

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
 * The current IDs of some topics of a flow's source, as the source answered. Translations compare
 * them with the topic ID the offset index follows, so that a group on a topic re-created under the
 * same name is never translated with the old topic's runs. A topic the source did not answer for
 * (down, slow, deleted, no permission) has the unknown ID {@code ""}, and the index is trusted for
 * it as it is: refusing every translation while the source is down would make failover impossible
 * exactly when it is needed.
 *
 * @param ids topic name to topic ID
 */
public record TopicIds(Map<String, String> ids) {

  /** Nothing known: every index is trusted as it is. */
  public static final TopicIds UNKNOWN = new TopicIds(Map.of());

  public TopicIds {
    ids = Map.copyOf(ids);
  }

  /** The current ID of {@code topic}, {@code ""} when unknown. */
  public String of(String topic) {
    return ids.getOrDefault(topic, "");
  }

  /**
   * Blocking: describes {@code topics} on {@code admin}, waiting at most {@code timeout} in all.
   */
  public static TopicIds read(Admin admin, Collection<String> topics, Duration timeout)
      throws InterruptedException {
    if (topics.isEmpty()) {
      return UNKNOWN;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> ids = new HashMap<>();
    Map<String, KafkaFuture<TopicDescription>> described =
        admin.describeTopics(Set.copyOf(topics)).topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        ids.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS).topicId().toString());
      } catch (ExecutionException | TimeoutException ex) {
        // Unknown: this topic's index is trusted as it is.
      }
    }
    return new TopicIds(ids);
  }
}

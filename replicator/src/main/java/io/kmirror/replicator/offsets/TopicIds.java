package io.kmirror.replicator.offsets;

import io.kmirror.replicator.mirror.SourceTopicIds;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The current IDs of some topics of a flow's source, as the source answered. Translations compare
 * them with the topic ID the offset index follows, so that a group on a topic re-created under the
 * same name is never translated with the old topic's runs. A topic the source did not answer for
 * (down, slow, deleted, no permission) has no ID here, and the index is trusted for it as it is:
 * refusing every translation while the source is down would make failover impossible exactly when
 * it is needed.
 *
 * @param ids topic name to topic ID
 */
public record TopicIds(Map<String, String> ids) {

  /** Nothing known: every index is trusted as it is. */
  public static final TopicIds UNKNOWN = new TopicIds(Map.of());

  public TopicIds {
    ids = Map.copyOf(ids);
  }

  /** The current ID of {@code topic}, empty when unknown. */
  public Optional<String> of(String topic) {
    return Optional.ofNullable(ids.get(topic));
  }

  /**
   * Blocking: describes {@code topics} on {@code admin}, waiting at most {@code timeout} in all.
   */
  public static TopicIds read(Admin admin, Collection<String> topics, Duration timeout)
      throws InterruptedException {
    if (topics.isEmpty()) {
      return UNKNOWN;
    }
    Map<String, String> ids = SourceTopicIds.from(admin, timeout).of(topics);
    // The lookup keeps an interrupt as the thread's flag; callers here expect it thrown.
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    return new TopicIds(ids);
  }
}

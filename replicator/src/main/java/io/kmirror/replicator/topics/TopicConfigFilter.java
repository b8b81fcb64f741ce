package io.kmirror.replicator.topics;

import io.kmirror.topology.TopicSettings;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * Which of a source topic's configs are copied to its remote topic: those set on the topic itself
 * (not broker or static defaults, like MM2's {@code use.defaults.from=target}), not sensitive, not
 * read-only, not in {@code config.properties.exclude}, and not one of the configs MM2 never copies
 * by default, because they describe the source cluster rather than the data.
 */
public final class TopicConfigFilter {

  /** MM2's {@code config.properties.exclude} default (DefaultConfigPropertyFilter). */
  public static final Set<String> NEVER_COPIED =
      Set.of(
          "follower.replication.throttled.replicas",
          "leader.replication.throttled.replicas",
          "message.timestamp.difference.max.ms",
          "message.timestamp.type",
          "unclean.leader.election.enable",
          "min.insync.replicas");

  private final TopicSettings.ConfigSync sync;

  public TopicConfigFilter(TopicSettings.ConfigSync sync) {
    this.sync = sync;
  }

  public boolean enabled() {
    return sync.enabled();
  }

  public boolean copies(String name) {
    return !NEVER_COPIED.contains(name) && !sync.excluded().matches(name);
  }

  /** The copyable configs among a source topic's described entries, sorted by name. */
  public Map<String, String> copyable(Collection<ConfigEntry> entries) {
    Map<String, String> copied = new TreeMap<>();
    for (ConfigEntry entry : entries) {
      if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
          && !entry.isSensitive()
          && !entry.isReadOnly()
          && entry.value() != null
          && copies(entry.name())) {
        copied.put(entry.name(), entry.value());
      }
    }
    return copied;
  }
}

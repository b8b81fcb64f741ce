package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * How a flow discovers and shapes remote topics.
 *
 * @param filter {@code topics} / {@code topics.exclude}
 * @param refreshInterval {@code refresh.topics.interval.seconds} (kmirror default 5 s, MM2 600 s)
 * @param replicationFactor {@code replication.factor}; -1 means the target broker's default
 *     (kmirror's default; MM2's is 2)
 * @param configSync {@code sync.topic.configs.enabled} and {@code config.properties.exclude}
 * @param syncAcls {@code sync.topic.acls.enabled}
 * @param syncDeletions {@code sync.topic.deletions.enabled} (kmirror only, default false)
 */
public record TopicSettings(
    NameFilter filter,
    Duration refreshInterval,
    int replicationFactor,
    ConfigSync configSync,
    boolean syncAcls,
    boolean syncDeletions) {

  public TopicSettings {
    Objects.requireNonNull(filter, "filter");
    Rules.interval(Objects.requireNonNull(refreshInterval, "refreshInterval"));
    Rules.replicationFactor(replicationFactor);
    Objects.requireNonNull(configSync, "configSync");
  }

  /**
   * Whether topic configs are copied, and which config names never are: a config name is excluded
   * when {@code excluded.matches(name)}, i.e. it fully matches one of {@code
   * config.properties.exclude}.
   */
  public record ConfigSync(boolean enabled, NameFilter excluded) {
    public ConfigSync {
      Objects.requireNonNull(excluded, "excluded");
    }
  }
}

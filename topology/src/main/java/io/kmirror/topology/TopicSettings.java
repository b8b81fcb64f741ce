package io.kmirror.topology;

import java.time.Duration;

/**
 * How a flow discovers and shapes remote topics.
 *
 * @param filter {@code topics} / {@code topics.exclude}
 * @param refreshInterval {@code refresh.topics.interval.seconds} (kmirror default 5 s, MM2 600 s)
 * @param replicationFactor {@code replication.factor}; -1 means the target broker's default
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

  /** Whether topic configs are copied, and which config names never are. */
  public record ConfigSync(boolean enabled, NameFilter excluded) {}
}

package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * How a flow carries consumer-group positions across.
 *
 * @param filter {@code groups} / {@code groups.exclude}
 * @param refreshInterval {@code refresh.groups.interval.seconds} (kmirror default 5 s, MM2 600 s)
 * @param checkpoints {@code emit.checkpoints.enabled} / {@code emit.checkpoints.interval.seconds}
 * @param offsetSync {@code sync.group.offsets.enabled} / {@code
 *     sync.group.offsets.interval.seconds}
 * @param offsetSyncsLocation {@code offset-syncs.topic.location}
 */
public record GroupSettings(
    NameFilter filter,
    Duration refreshInterval,
    Periodic checkpoints,
    Periodic offsetSync,
    OffsetSyncsLocation offsetSyncsLocation) {

  public GroupSettings {
    Objects.requireNonNull(filter, "filter");
    Rules.interval(Objects.requireNonNull(refreshInterval, "refreshInterval"));
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(offsetSync, "offsetSync");
    Objects.requireNonNull(offsetSyncsLocation, "offsetSyncsLocation");
  }
}

package io.kmirror.topology;

import java.time.Duration;

/**
 * How a flow carries consumer-group positions across.
 *
 * @param filter {@code groups} / {@code groups.exclude}
 * @param refreshInterval {@code refresh.groups.interval.seconds}
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
    OffsetSyncsLocation offsetSyncsLocation) {}

package io.kmirror.replicator.mirror;

/**
 * Where mirroring of one owned source partition stands, for lag.
 *
 * @param next the next source offset to copy: every record below it is on the target
 * @param epochStartTimestamp the timestamp of the first record read since the partition was taken
 *     or rewound, -1 before any; records older than it were on the target then
 */
public record PartitionPosition(long next, long epochStartTimestamp) {}

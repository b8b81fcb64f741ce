package io.kmirror.replicator.mirror;

import java.time.Duration;

/**
 * Timing of a mirroring worker.
 *
 * @param pollTimeout longest single {@code poll()}; also bounds how late a stop request is noticed
 * @param progressInterval how often acknowledged progress is written to the target
 * @param retryDelay pause before re-sending a partition whose send failed with a retriable error
 * @param stoppedRetryInterval how often a partition stopped by a too-large record is tried again
 * @param catchUpTimeout longest wait for reading the progress topic to its end on assignment
 * @param closeTimeout longest wait for each client's {@code close()}
 */
public record MirrorSettings(
    Duration pollTimeout,
    Duration progressInterval,
    Duration retryDelay,
    Duration stoppedRetryInterval,
    Duration catchUpTimeout,
    Duration closeTimeout) {

  public static MirrorSettings defaults() {
    return new MirrorSettings(
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5));
  }
}

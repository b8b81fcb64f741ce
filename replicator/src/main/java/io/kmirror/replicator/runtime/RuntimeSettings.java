package io.kmirror.replicator.runtime;

import io.kmirror.replicator.mirror.MirrorSettings;
import java.time.Duration;

/**
 * Process-level timing, the same for every flow.
 *
 * @param retryInitial first delay before a flow that failed to start is tried again
 * @param retryMax cap of that delay
 * @param probeTimeout how long a flow waits for each cluster to answer before it counts as down
 * @param stopTimeout bound of a flow's drained stop (the drain is cut at three quarters of it)
 * @param mirror the mirroring workers' own timing
 * @param indexPruneInterval how often each flow prunes its offset index below the source's log
 *     start; 5 minutes by default, Kafka's default {@code log.retention.check.interval.ms}, the
 *     pace at which retention moves log starts
 */
public record RuntimeSettings(
    Duration retryInitial,
    Duration retryMax,
    Duration probeTimeout,
    Duration stopTimeout,
    MirrorSettings mirror,
    Duration indexPruneInterval,
    Duration healthInterval) {

  public static RuntimeSettings defaults() {
    return new RuntimeSettings(
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofSeconds(25),
        MirrorSettings.defaults(),
        Duration.ofMinutes(5),
        Duration.ofSeconds(5));
  }

  public RuntimeSettings withRetry(Duration initial, Duration max) {
    return new RuntimeSettings(
        initial, max, probeTimeout, stopTimeout, mirror, indexPruneInterval, healthInterval);
  }

  public RuntimeSettings withMirror(MirrorSettings settings) {
    return new RuntimeSettings(
        retryInitial,
        retryMax,
        probeTimeout,
        stopTimeout,
        settings,
        indexPruneInterval,
        healthInterval);
  }

  public RuntimeSettings withIndexPruneInterval(Duration interval) {
    return new RuntimeSettings(
        retryInitial, retryMax, probeTimeout, stopTimeout, mirror, interval, healthInterval);
  }

  public RuntimeSettings withHealthInterval(Duration interval) {
    return new RuntimeSettings(
        retryInitial, retryMax, probeTimeout, stopTimeout, mirror, indexPruneInterval, interval);
  }
}

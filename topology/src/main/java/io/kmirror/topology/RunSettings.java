package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code kmirror run} reports its start and its progress.
 *
 * @param startupTimeout {@code kmirror.startup.timeout.seconds}: how long {@code run} waits for
 *     every flow to start before it says what it is still waiting for. A flow refused for good (the
 *     clients reject their configuration, a cluster refuses the credentials) ends the process with
 *     status 1 within this time; a cluster that does not answer is retried for ever.
 * @param statusInterval {@code kmirror.status.interval.seconds}: how often the log gets one status
 *     line per flow (records copied, lag, state)
 */
public record RunSettings(Duration startupTimeout, Duration statusInterval) {

  private static final RunSettings DEFAULTS =
      new RunSettings(Duration.ofSeconds(60), Duration.ofSeconds(60));

  public RunSettings {
    Rules.timeout(Objects.requireNonNull(startupTimeout, "startupTimeout"));
    Rules.interval(Objects.requireNonNull(statusInterval, "statusInterval"));
  }

  /** The values {@code reference.conf} ships. */
  public static RunSettings defaults() {
    return DEFAULTS;
  }
}

package io.kmirror.topology;

import java.time.Duration;

/** A task that may be switched off and otherwise runs every {@code interval}. */
public record Periodic(boolean enabled, Duration interval) {

  public Periodic {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
  }
}

package io.kmirror.replicator.runtime;

import java.time.Duration;

/**
 * Capped exponential backoff: {@code initial}, then doubling on each failure up to {@code max};
 * {@link #reset()} after a success. Not thread-safe: each flow owns one, on its context.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private int failures;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, was initial=" + initial + " max=" + max);
    }
    this.initial = initial;
    this.max = max;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  public Duration next() {
    int shift = Math.min(failures, 30);
    failures++;
    long millis = initial.toMillis() << shift;
    if (millis <= 0 || millis > max.toMillis()) {
      return max;
    }
    return Duration.ofMillis(millis);
  }

  /** Failures counted since the last reset. */
  public int failures() {
    return failures;
  }

  public void reset() {
    failures = 0;
  }
}

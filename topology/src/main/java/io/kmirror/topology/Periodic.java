package io.kmirror.topology;

import java.time.Duration;
import java.util.Objects;

/** A task that may be switched off and otherwise runs every {@code interval} (positive). */
public record Periodic(boolean enabled, Duration interval) {

  public Periodic {
    Rules.interval(Objects.requireNonNull(interval, "interval"));
  }
}

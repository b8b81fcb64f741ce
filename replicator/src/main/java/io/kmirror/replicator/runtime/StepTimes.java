package io.kmirror.replicator.runtime;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * How long each step of one flow start took, for the {@code flow-started} line: start-up time is
 * what a restart costs in replication lag, so each step's share is logged where an operator looks.
 * Used on the flow's context only.
 */
final class StepTimes {

  private final long begun = System.nanoTime();
  private final Map<String, Long> millis = new LinkedHashMap<>();

  /** Runs {@code step} and, when it succeeds, records how long it took under {@code name}. */
  <T> Future<Void> time(String name, Supplier<Future<T>> step) {
    long start = System.nanoTime();
    return step.get()
        .<Void>mapEmpty()
        .onSuccess(v -> millis.put(name, (System.nanoTime() - start) / 1_000_000));
  }

  long totalMillis() {
    return (System.nanoTime() - begun) / 1_000_000;
  }

  /** {@code admins=12ms probes=40ms ...}, in the order the steps ran. */
  @Override
  public String toString() {
    StringJoiner line = new StringJoiner(" ");
    millis.forEach((name, ms) -> line.add(name + "=" + ms + "ms"));
    return line.toString();
  }
}

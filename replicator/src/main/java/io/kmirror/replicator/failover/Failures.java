package io.kmirror.replicator.failover;

import java.util.concurrent.ExecutionException;

/**
 * How failover, failback and the drill name a failed call in a plan, a problem line or a report:
 * the cause's simple class name and message, since an {@link ExecutionException} only wraps what
 * the cluster answered.
 */
final class Failures {

  private Failures() {}

  static String describe(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

package io.kmirror.replicator.runtime;

import io.kmirror.topology.FlowId;
import java.util.Optional;

/**
 * A flow's state in this process, for {@code /ready} and {@code /api/status}.
 *
 * @param attempt start attempts since the last successful start
 * @param lastError the reason of the last failed attempt, empty when none; for {@link
 *     State#REFUSED}, the permanent cause
 */
public record FlowStatus(FlowId flow, State state, int attempt, Optional<String> lastError) {

  /** A state without a failure: starting, running, stopped. */
  static FlowStatus of(FlowId flow, State state) {
    return new FlowStatus(flow, state, 0, Optional.empty());
  }

  /** A failed attempt's state, with its reason. */
  static FlowStatus failed(FlowId flow, State state, int attempt, String reason) {
    return new FlowStatus(flow, state, attempt, Optional.of(reason));
  }

  public enum State {
    STARTING,
    RUNNING,
    /** The last start failed for a cause that may heal (a cluster not answering); retried. */
    RETRYING,
    /**
     * The last start failed for a cause that cannot heal by itself (configuration rejected,
     * credentials refused); still retried with backoff, but {@code run} exits on it at start-up.
     */
    REFUSED,
    STOPPED
  }
}

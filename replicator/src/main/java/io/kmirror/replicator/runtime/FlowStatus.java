package io.kmirror.replicator.runtime;

import io.kmirror.topology.FlowId;

/**
 * A flow's state in this process, for {@code /ready} and {@code /api/status}.
 *
 * @param attempt start attempts since the last successful start
 * @param lastError the reason of the last failed attempt, empty when none; for {@link
 *     State#REFUSED}, the permanent cause
 */
public record FlowStatus(FlowId flow, State state, int attempt, String lastError) {

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

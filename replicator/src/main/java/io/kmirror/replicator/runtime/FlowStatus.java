package io.kmirror.replicator.runtime;

import io.kmirror.topology.FlowId;

/**
 * A flow's state in this process, for {@code /ready} and {@code /api/status}.
 *
 * @param attempt start attempts since the last successful start
 * @param lastError the reason of the last failed attempt, empty when none
 */
public record FlowStatus(FlowId flow, State state, int attempt, String lastError) {

  public enum State {
    STARTING,
    RUNNING,
    RETRYING,
    STOPPED
  }
}

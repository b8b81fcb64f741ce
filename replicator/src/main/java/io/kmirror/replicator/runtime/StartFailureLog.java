package io.kmirror.replicator.runtime;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one failed start (or a worker's death) of a flow into its status and log line: a refusal
 * that will not heal by itself is logged once at error level per distinct reason, a cluster that
 * does not answer once per attempt naming the cluster and its bootstrap address, anything else once
 * per attempt. Used on the flow's context only.
 */
final class StartFailureLog {

  /** The flow's lines keep one logger name, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(FlowVerticle.class);

  private final FlowEndpoints endpoints;
  private Optional<String> lastAuthenticationFailure = Optional.empty();

  StartFailureLog(FlowEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** The flow runs again: a later refusal of the same credentials is worth a line again. */
  void running() {
    lastAuthenticationFailure = Optional.empty();
  }

  /**
   * Logs {@code error} and returns the flow's status after it.
   *
   * @param previous the status before, whose reason tells a repeated refusal
   * @param attempt the number of failures in a row, this one included
   * @param delay when the next attempt is due
   */
  FlowStatus failed(Throwable error, FlowStatus previous, int attempt, Duration delay) {
    FlowId flow = endpoints.flow().id();
    Optional<String> permanent =
        error instanceof ClusterAuthenticationException refused
            ? Optional.of(refused.getMessage())
            : StartFailures.permanent(error);
    String reason = permanent.orElse(String.valueOf(error.getMessage()));
    boolean repeated = previous.lastError().equals(Optional.of(reason));
    if (error instanceof ClusterAuthenticationException refused) {
      // Once per distinct refusal: retrying with the same credentials is refused the same way.
      if (!lastAuthenticationFailure.equals(Optional.of(reason))) {
        lastAuthenticationFailure = Optional.of(reason);
        LOG.error(
            "flow={} event=authentication-failed cluster={} retry-in={}ms reason=\"{}\"",
            flow,
            refused.cluster(),
            delay.toMillis(),
            reason);
      }
    } else if (permanent.isPresent()) {
      // Once at error level: the same refusal on every retry would bury everything else.
      if (!repeated) {
        LOG.error(
            "flow={} event=flow-refused source={} target={} reason=\"{}\" action=\"fix the"
                + " configuration or credentials; retrying in {}ms, but this will not heal by"
                + " itself\"",
            flow,
            endpoints.sourceBootstrap(),
            endpoints.targetBootstrap(),
            reason,
            delay.toMillis());
      }
    } else if (error instanceof ClusterUnreachableException unreachable) {
      LOG.warn(
          "flow={} event=flow-start-failed cluster={} bootstrap={} attempt={} retry-in={}ms"
              + " reason=\"{}\"",
          flow,
          unreachable.cluster(),
          unreachable.bootstrap(),
          attempt,
          delay.toMillis(),
          unreachable.getMessage());
    } else {
      LOG.warn(
          "flow={} event=flow-failed source={} target={} attempt={} retry-in={}ms reason=\"{}\"",
          flow,
          endpoints.sourceBootstrap(),
          endpoints.targetBootstrap(),
          attempt,
          delay.toMillis(),
          String.valueOf(error));
    }
    return FlowStatus.failed(
        flow,
        permanent.isPresent() ? FlowStatus.State.REFUSED : FlowStatus.State.RETRYING,
        attempt,
        reason);
  }
}

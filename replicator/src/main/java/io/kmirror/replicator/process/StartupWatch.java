package io.kmirror.replicator.process;

import io.kmirror.replicator.console.Polls;
import io.kmirror.replicator.runtime.FlowStatus;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code run}'s start-up window ({@code kmirror.startup.timeout.seconds}): waits until every flow
 * runs, or one is refused for good, or the window closes, and says which.
 */
public final class StartupWatch {

  private static final Duration CHECK_EVERY = Duration.ofMillis(200);

  /** How the window ended, with every flow's state at that moment. */
  public enum Outcome {
    /** Every flow runs. */
    STARTED,
    /** At least one flow was refused for a cause that will not heal by itself. */
    REFUSED,
    /** The window closed with flows still retrying a transient cause. */
    WAITING
  }

  /** The outcome and the flows' states when it was decided. */
  public record Result(Outcome outcome, Map<FlowId, FlowStatus> flows) {}

  private StartupWatch() {}

  public static Result await(ReplicatorVerticle replicator, Duration window)
      throws InterruptedException {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "kmirror-startup-watch");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Polls.until(
          scheduler, () -> outcome(replicator.status()) != Outcome.WAITING, window, CHECK_EVERY);
    } finally {
      scheduler.shutdownNow();
    }
    Map<FlowId, FlowStatus> flows = replicator.status();
    return new Result(outcome(flows), flows);
  }

  private static Outcome outcome(Map<FlowId, FlowStatus> flows) {
    if (flows.values().stream().anyMatch(s -> s.state() == FlowStatus.State.REFUSED)) {
      return Outcome.REFUSED;
    }
    boolean allRunning =
        !flows.isEmpty()
            && flows.values().stream().allMatch(s -> s.state() == FlowStatus.State.RUNNING);
    return allRunning ? Outcome.STARTED : Outcome.WAITING;
  }
}

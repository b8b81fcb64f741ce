package io.kmirror.replicator.runtime;

import io.kmirror.replicator.metrics.ClusterReachability;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this process is ready ({@code /ready}, {@code kmirror_ready}): every enabled flow is
 * running, both of its clusters answered a probe within the answer window, and its first topic sync
 * pass is done (so it knows what it mirrors). Computed on demand from state the flows keep; safe
 * from any thread.
 */
public final class Readiness {

  /** One check and its outcome; {@code detail} says what is wrong, or what was seen. */
  public record Check(String name, boolean ok, String detail) {}

  private final ReplicatorVerticle replicator;
  private final ClusterReachability clusters;
  private final Duration window;

  /**
   * @param window how recently a cluster must have answered: a few health intervals, so one slow
   *     probe does not flap readiness
   */
  public Readiness(ReplicatorVerticle replicator, ClusterReachability clusters, Duration window) {
    this.replicator = replicator;
    this.clusters = clusters;
    this.window = window;
  }

  public List<Check> checks() {
    long now = System.currentTimeMillis();
    List<Check> checks = new ArrayList<>();
    for (Flow flow : replicator.topology().enabledFlows()) {
      FlowId id = flow.id();
      FlowStatus status = replicator.status().get(id);
      FlowStatus.State state = status == null ? FlowStatus.State.STARTING : status.state();
      checks.add(
          new Check(
              "flow " + id + " running",
              state == FlowStatus.State.RUNNING,
              state == FlowStatus.State.RETRYING || state == FlowStatus.State.REFUSED
                  ? "retrying" + status.lastError().map(e -> ": " + e).orElse("")
                  : state.name().toLowerCase(Locale.ROOT)));
      checks.add(answered(id, flow.source(), now));
      checks.add(answered(id, flow.target(), now));
      boolean synced = replicator.topicsSynced(id);
      checks.add(
          new Check(
              "flow " + id + " topics synced",
              synced,
              synced ? "first topic sync done" : "first topic sync not done yet"));
    }
    return checks;
  }

  private Check answered(FlowId flow, String cluster, long now) {
    String name = "flow " + flow + " cluster " + cluster + " reachable";
    Optional<Long> last = clusters.lastAnswered(cluster);
    if (last.isEmpty()) {
      return new Check(name, false, "never answered");
    }
    long ago = now - last.get();
    boolean ok = clusters.reachable(cluster) && ago <= window.toMillis();
    return new Check(
        name,
        ok,
        ok
            ? "answered " + ago + " ms ago"
            : "last answered "
                + ago / 1000
                + " s ago (wanted within "
                + window.toSeconds()
                + " s)");
  }

  public boolean ready() {
    return checks().stream().allMatch(Check::ok);
  }
}

package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each cluster answered the last probe made of it ({@code kmirror_cluster_reachable}), and
 * when it last answered. Several flows probe a shared cluster; the newest probe wins. Safe from any
 * thread.
 */
public final class ClusterReachability {

  /** The last probe of one cluster: its outcome, and when the cluster last answered (0: never). */
  private static final class State {
    volatile boolean reachable;
    volatile long lastAnsweredMillis;
  }

  private final MeterRegistry registry;
  private final Map<String, State> clusters = new ConcurrentHashMap<>();

  ClusterReachability(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Creates the cluster's series (0 until it first answers). */
  public void track(String cluster) {
    state(cluster);
  }

  public void answered(String cluster, long nowMillis) {
    State s = state(cluster);
    s.lastAnsweredMillis = nowMillis;
    s.reachable = true;
  }

  public void unreachable(String cluster) {
    state(cluster).reachable = false;
  }

  /** When the cluster last answered a probe, if it ever did. */
  public Optional<Long> lastAnswered(String cluster) {
    State s = clusters.get(cluster);
    return s == null || s.lastAnsweredMillis == 0
        ? Optional.empty()
        : Optional.of(s.lastAnsweredMillis);
  }

  public boolean reachable(String cluster) {
    State s = clusters.get(cluster);
    return s != null && s.reachable;
  }

  private State state(String cluster) {
    return clusters.computeIfAbsent(
        cluster,
        name -> {
          State s = new State();
          Gauge.builder("kmirror.cluster.reachable", s, st -> st.reachable ? 1 : 0)
              .description("1 when the cluster answered the last probe, else 0")
              .tag("cluster", name)
              .strongReference(true)
              .register(registry);
          return s;
        });
  }
}

package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.replicator.mirror.MirrorSettings;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.topology.Flow;
import io.kmirror.topology.GroupSettings;
import io.kmirror.topology.NameFilter;
import io.kmirror.topology.OffsetSyncsLocation;
import io.kmirror.topology.Periodic;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An A->B flow with checkpoints, group sync and heartbeats every second, run in its own Vert.x: the
 * offsets package's end-to-end tests, kept here because it assembles the runtime, which offsets
 * itself may not import.
 */
public final class OffsetFlows implements AutoCloseable {

  private final Replicators process;

  private OffsetFlows(Replicators process) {
    this.process = process;
  }

  /** Mirrors {@code topics}; carries the groups matching {@code groups}. */
  public static Flow flow(String topics, String groups) {
    return flow(TestFlows.flow("A", "B").topics(topics), groups);
  }

  public static Flow flow(TestFlows flows, String groups) {
    Flow base = flows.refresh(Duration.ofSeconds(1)).build();
    Periodic everySecond = new Periodic(true, Duration.ofSeconds(1));
    return new Flow(
        base.id(),
        true,
        base.policy(),
        base.topics(),
        new GroupSettings(
            new NameFilter(List.of(groups), List.of()),
            Duration.ofSeconds(1),
            everySecond,
            everySecond,
            OffsetSyncsLocation.SOURCE),
        everySecond,
        base.clients(),
        1,
        false);
  }

  public static OffsetFlows start(
      Flow flow, RuntimeSettings settings, KafkaCluster a, KafkaCluster b) throws Exception {
    return start(flow, settings, a, b, false);
  }

  /** As above, with {@code kmirror.exactly.once.enabled} set to {@code exactlyOnce}. */
  public static OffsetFlows start(
      Flow flow, RuntimeSettings settings, KafkaCluster a, KafkaCluster b, boolean exactlyOnce)
      throws Exception {
    return new OffsetFlows(
        Replicators.start(
            TestFlows.exactlyOnce(TestFlows.topology(flow), exactlyOnce),
            Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
            settings));
  }

  public static OffsetFlows start(Flow flow, KafkaCluster a, KafkaCluster b) throws Exception {
    return start(flow, Replicators.FAST, a, b);
  }

  /** Starts {@code flow} on the pair's clusters A and B. */
  public static OffsetFlows start(Flow flow, RuntimeSettings settings, ClusterPair clusters)
      throws Exception {
    return start(flow, settings, clusters.a(), clusters.b());
  }

  /**
   * Starts {@code flow} on the pair's clusters A and B, with {@link Replicators#FAST} timing but
   * for the workers' {@code mirror} settings, exactly once or not.
   */
  public static OffsetFlows start(
      Flow flow, MirrorSettings mirror, ClusterPair clusters, boolean exactlyOnce)
      throws Exception {
    return start(
        flow, Replicators.FAST.withMirror(mirror), clusters.a(), clusters.b(), exactlyOnce);
  }

  /** Starts {@code flow} on the pair's clusters A and B, with {@link Replicators#FAST}. */
  public static OffsetFlows start(Flow flow, ClusterPair clusters) throws Exception {
    return start(flow, Replicators.FAST, clusters);
  }

  public ReplicatorVerticle replicator() {
    return process.replicator();
  }

  /** As if the process were killed: no drain, no progress write. */
  public void crash() throws Exception {
    process.crash();
  }

  @Override
  public void close() throws Exception {
    process.close();
  }
}

package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.replicator.http.HttpVerticle;
import io.kmirror.replicator.metrics.Metrics;
import io.kmirror.replicator.mirror.MirrorSettings;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.topology.Topology;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One replicator process, simulated by its own Vert.x instance, for integration tests. */
public final class Replicators implements AutoCloseable {

  /** Quick retries and frequent progress writes, so tests wait for seconds, not minutes. */
  public static final RuntimeSettings FAST =
      new RuntimeSettings(
          Duration.ofMillis(200),
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          Duration.ofSeconds(20),
          new MirrorSettings(
              Duration.ofMillis(100),
              Duration.ofMillis(500),
              Duration.ofMillis(500),
              Duration.ofSeconds(2),
              Duration.ofSeconds(30),
              Duration.ofSeconds(5)),
          Duration.ofMinutes(5),
          Duration.ofSeconds(1));

  private final Vertx vertx;
  private final ReplicatorVerticle replicator;

  private Replicators(Vertx vertx, ReplicatorVerticle replicator) {
    this.vertx = vertx;
    this.replicator = replicator;
  }

  /** Starts a replicator for {@code topology}, the embedded clusters named as in the topology. */
  public static Replicators start(Topology topology, KafkaCluster... clusters) throws Exception {
    Map<String, KafkaCluster> byName = new HashMap<>();
    for (KafkaCluster cluster : clusters) {
      byName.put(cluster.name(), cluster);
    }
    return start(topology, byName);
  }

  /**
   * Starts a replicator for {@code topology} over the pair's clusters, named as in the topology.
   */
  public static Replicators start(Topology topology, ClusterPair clusters) throws Exception {
    return start(topology, clusters.a(), clusters.b());
  }

  /**
   * Starts a replicator for {@code topology}, whose embedded clusters are the given test clusters,
   * by the topology's cluster name (a parsed example's {@code primary}, {@code dr}, ...).
   */
  public static Replicators start(Topology topology, Map<String, KafkaCluster> clusters)
      throws Exception {
    Map<String, String> addresses = new HashMap<>();
    clusters.forEach((name, cluster) -> addresses.put(name, cluster.bootstrapServers()));
    return start(topology, addresses, FAST);
  }

  /** Starts a replicator for {@code topology}, its clusters at {@code addresses} by name. */
  public static Replicators start(
      Topology topology, Map<String, String> addresses, RuntimeSettings settings) throws Exception {
    Vertx vertx = Vertx.vertx();
    // A strict registry: a meter that cannot be registered fails the test instead of a warning.
    ReplicatorVerticle replicator =
        new ReplicatorVerticle(topology, addresses, settings, Metrics.strict());
    vertx
        .deployVerticle(replicator)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return new Replicators(vertx, replicator);
  }

  /** Serves the HTTP endpoints on a free loopback port, as {@code kmirror run} does; the port. */
  public int serveHttp() throws Exception {
    HttpVerticle http = new HttpVerticle(replicator, "127.0.0.1", 0);
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return http.actualPort();
  }

  public ReplicatorVerticle replicator() {
    return replicator;
  }

  /** As if the process were killed: no drain, no progress write, no group leave. */
  public void crash() throws Exception {
    replicator.halt();
    close();
  }

  /** A clean stop: drain, store progress, close. */
  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    replicator.metrics().close();
  }
}

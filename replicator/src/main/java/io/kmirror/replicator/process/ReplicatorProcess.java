package io.kmirror.replicator.process;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.http.HttpVerticle;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.topology.Bootstrap;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.KmirrorSettings;
import io.kmirror.topology.Topology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kmirror process for the command line ({@code run}, {@code demo}, {@code drill --embedded}):
 * starts the topology's embedded clusters, then a Vert.x instance with one {@link
 * ReplicatorVerticle} and the {@link HttpVerticle} on {@code kmirror.http.host:kmirror.http.port}.
 * {@link #close()} drains every flow (bounded by the flows' stop timeout) and then stops the
 * embedded clusters. Blocking: call it from a plain thread (main, a shutdown hook), never from an
 * event loop.
 */
public final class ReplicatorProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicatorProcess.class);
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

  private final List<EmbeddedKafkaCluster> embedded;
  private final Map<String, String> embeddedAddresses;
  private final Vertx vertx;
  private final ReplicatorVerticle replicator;
  private final Duration stopTimeout;
  private final int httpPort;
  private final String httpHost;
  private boolean closed;
  private volatile ExitHook exitHook;

  private ReplicatorProcess(
      List<EmbeddedKafkaCluster> embedded,
      Map<String, String> embeddedAddresses,
      Vertx vertx,
      ReplicatorVerticle replicator,
      Duration stopTimeout,
      String httpHost,
      int httpPort) {
    this.embedded = embedded;
    this.httpHost = httpHost;
    this.httpPort = httpPort;
    this.embeddedAddresses = embeddedAddresses;
    this.vertx = vertx;
    this.replicator = replicator;
    this.stopTimeout = stopTimeout;
  }

  /**
   * Work to do once the embedded clusters are up and before any flow starts, given their bootstrap
   * servers by cluster name: {@code kmirror demo} creates its sample topics there, so the first
   * topic sync already finds them instead of one refresh interval later.
   */
  @FunctionalInterface
  public interface BeforeReplicator {
    void run(Map<String, String> embeddedAddresses)
        throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** Starts the embedded clusters (in topology order), then the replicator. */
  public static ReplicatorProcess start(Topology topology, RuntimeSettings settings)
      throws InterruptedException, ExecutionException, TimeoutException {
    return start(topology, settings, addresses -> {});
  }

  /**
   * As {@link #start(Topology, RuntimeSettings)}, running {@code beforeReplicator} between the
   * clusters and the replicator; if it fails, the clusters are closed and its exception thrown.
   */
  public static ReplicatorProcess start(
      Topology topology, RuntimeSettings settings, BeforeReplicator beforeReplicator)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<EmbeddedKafkaCluster> clusters = new ArrayList<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    // The clusters' own exit hooks would run concurrently with a draining shutdown and pull the
    // brokers from under it; instead one hook of this process closes them, after the drain once
    // the replicator runs (see ExitHook), and at once while starting.
    ExitHook exitHook = ExitHook.install(() -> clusters.forEach(EmbeddedKafkaCluster::close));
    try {
      for (Cluster cluster : topology.clusters()) {
        if (cluster.bootstrap() instanceof Bootstrap.Embedded spec) {
          EmbeddedKafkaCluster kafka =
              EmbeddedKafkaCluster.builder()
                  .name(cluster.name())
                  .brokers(spec.brokers())
                  .closeOnJvmExit(false)
                  .build();
          clusters.add(kafka);
          kafka.start();
          addresses.put(cluster.name(), kafka.bootstrapServers());
        }
      }
    } catch (RuntimeException e) {
      exitHook.runNow();
      throw e;
    }
    try {
      beforeReplicator.run(Collections.unmodifiableMap(addresses));
    } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
      exitHook.runNow();
      throw e;
    }
    Vertx vertx = Vertx.vertx();
    ReplicatorVerticle replicator = new ReplicatorVerticle(topology, addresses, settings);
    HttpVerticle http =
        new HttpVerticle(
            replicator, topology.settings().httpHost(), topology.settings().httpPort());
    try {
      vertx
          .deployVerticle(http)
          .recover(e -> Future.failedFuture(new HttpBindException(topology, e)))
          .compose(id -> vertx.deployVerticle(replicator))
          .toCompletionStage()
          .toCompletableFuture()
          .get(DEPLOY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      vertx.close();
      exitHook.runNow();
      if (e.getCause() instanceof HttpBindException taken) {
        throw taken;
      }
      throw e;
    }
    ReplicatorProcess process =
        new ReplicatorProcess(
            List.copyOf(clusters),
            Collections.unmodifiableMap(addresses),
            vertx,
            replicator,
            settings.stopTimeout(),
            topology.settings().httpHost(),
            http.actualPort());
    exitHook.replace(process::close);
    process.exitHook = exitHook;
    return process;
  }

  /**
   * {@code topology}, or a copy listening on any free port when its HTTP port is taken: for {@code
   * demo} and {@code drill --embedded}, which should run on a laptop whatever else holds 9464
   * ({@code run} fails instead, naming the key, so a service never hides on a surprise port).
   */
  public static Topology withHttpPortOrAnyFree(Topology topology) {
    KmirrorSettings settings = topology.settings();
    if (settings.httpPort() == 0 || portFree(settings.httpHost(), settings.httpPort())) {
      return topology;
    }
    LOG.warn(
        "event=http-port-taken port={} action=\"serving on a free port instead\"",
        settings.httpPort());
    return new Topology(
        topology.file(), topology.clusters(), topology.flows(), settings.withHttpPort(0));
  }

  private static boolean portFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The base URL of the HTTP endpoints: a wildcard listen address is reached on localhost. */
  public String httpUrl() {
    String host = httpHost.equals("0.0.0.0") || httpHost.equals("::") ? "localhost" : httpHost;
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort;
  }

  /** One line for a newcomer: where the metrics are, and how to watch them. */
  public String metricsHint() {
    String metrics = httpUrl() + "/metrics";
    return "metrics at "
        + metrics
        + " (also /ready, /api/status); watch them: curl -s "
        + metrics
        + " | grep ^kmirror_records_replicated, or Prometheus and Grafana with docs/metrics.md";
  }

  /** Bootstrap servers of the clusters this process started, by cluster name. */
  public Map<String, String> embeddedAddresses() {
    return embeddedAddresses;
  }

  /** The embedded cluster started for {@code name}, if any: a drill stops it to cut the source. */
  public Optional<EmbeddedKafkaCluster> embeddedCluster(String name) {
    return embedded.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The port the HTTP endpoints listen on (the configured one, or the free one picked for 0). */
  public int httpPort() {
    return httpPort;
  }

  public ReplicatorVerticle replicator() {
    return replicator;
  }

  /**
   * Drains and stops the replicator, then the embedded clusters; never throws. Safe to call from
   * several threads (the command's own hook and this process's exit hook): the first call does the
   * work, the others wait for it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long waitSeconds = stopTimeout.toSeconds() + 5;
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("event=replicator-stop-incomplete reason=\"{}\"", e.toString());
    }
    for (EmbeddedKafkaCluster cluster : embedded) {
      cluster.close();
    }
    if (exitHook != null) {
      exitHook.remove();
    }
    LOG.info("event=replicator-stopped");
  }
}

package io.kmirror.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.SharedServer;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker of an embedded cluster: its port and directory are fixed for the cluster's life, the
 * server object is not.
 *
 * <p>Every start builds a fresh {@link BrokerServer} from the same configuration, so a restart
 * listens on the same port and opens the same log directory, exactly as a restarted broker process
 * would. The broker runs with {@code controlled.shutdown.enable=false}: a plain shutdown is then a
 * kill (the controller fences the broker only when its session expires), and {@link #stop} adds the
 * controlled part itself. A kill also removes the clean-shutdown marker, so the next start recovers
 * the log as after a crash.
 */
final class BrokerNode {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);
  private static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";

  private final String clusterName;
  private final int index;
  private final ClusterLayout layout;
  private final ServerSocketFactory sockets;
  private volatile BrokerServer server;

  BrokerNode(String clusterName, int index, ClusterLayout layout, ServerSocketFactory sockets) {
    this.clusterName = clusterName;
    this.index = index;
    this.layout = layout;
    this.sockets = sockets;
  }

  boolean isRunning() {
    return server != null;
  }

  /** Starts the broker and returns once the controller has unfenced it. */
  void start() {
    KafkaConfig config = KafkaNodes.config(layout.brokerConfig(index));
    KafkaNodes.LoadedDirs dirs = KafkaNodes.loadDirs(config);
    SharedServer shared =
        KafkaNodes.sharedServer(clusterName, config, dirs.metaProperties(), sockets);
    BrokerServer broker = new BrokerServer(shared);
    try {
      broker.startup();
    } catch (RuntimeException e) {
      broker.shutdown();
      throw e;
    }
    server = broker;
  }

  /** Controlled shutdown: leadership moves away before the broker stops serving. */
  void stop(Duration controlledShutdownTimeout) {
    BrokerServer broker = server;
    if (broker == null) {
      return;
    }
    broker.replicaManager().beginControlledShutdown();
    broker.lifecycleManager().beginControlledShutdown();
    try {
      broker
          .lifecycleManager()
          .controlledShutdownFuture()
          .get(controlledShutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn(
          "cluster {} broker {}: controlled shutdown not confirmed ({}); stopping anyway",
          clusterName,
          index,
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdown(broker);
  }

  /** Stops without telling the controller and leaves the log as a crash would. */
  void kill() {
    BrokerServer broker = server;
    if (broker == null) {
      return;
    }
    shutdown(broker);
    try {
      Files.deleteIfExists(layout.brokerDir(index).resolve(CLEAN_SHUTDOWN_MARKER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops replicating from the other brokers. Done on every broker before a whole cluster goes
   * down, so that no broker logs fetch failures about peers that are merely closing too.
   */
  void stopReplicaFetchers() {
    BrokerServer broker = server;
    if (broker != null) {
      broker.replicaManager().replicaFetcherManager().closeAllFetchers();
    }
  }

  private void shutdown(BrokerServer broker) {
    server = null;
    broker.shutdown();
    broker.awaitShutdown();
  }

  Path directory() {
    return layout.brokerDir(index);
  }
}

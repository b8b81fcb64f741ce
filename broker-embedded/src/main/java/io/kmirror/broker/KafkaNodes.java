package io.kmirror.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import kafka.server.FaultHandlerFactory;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few calls into Kafka's server internals that both node kinds share: formatting a node's
 * directory ({@code kafka-storage.sh format}) and building the {@link SharedServer} that a {@code
 * KafkaRaftServer} would build.
 *
 * <p>Unlike {@code KafkaRaftServer}, a fatal fault only logs: in a shared JVM, Kafka's standard
 * handler would halt the test run or the kmirror process along with the broker.
 */
final class KafkaNodes {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaNodes.class);

  private KafkaNodes() {}

  /** What a formatted node directory yields, as {@code KafkaRaftServer} loads it. */
  record LoadedDirs(MetaPropertiesEnsemble metaProperties, BootstrapMetadata bootstrapMetadata) {}

  static void format(int nodeId, String clusterId, String directory, Optional<ScramUser> scram) {
    Formatter formatter =
        new Formatter()
            .setPrintStream(
                new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
            .setNodeId(nodeId)
            .setClusterId(clusterId)
            .setDirectories(List.of(directory))
            .setMetadataLogDirectory(directory)
            .setControllerListenerName(ClusterLayout.CONTROLLER_LISTENER)
            .setScramArguments(scram.map(ScramUser::formatterArguments).orElse(List.of()));
    try {
      formatter.run();
    } catch (Exception e) {
      throw new EmbeddedClusterException(
          "cannot format " + directory + " for node " + nodeId + ": " + e.getMessage(), e);
    }
  }

  static KafkaConfig config(Map<String, String> properties) {
    return new KafkaConfig(properties, false);
  }

  static LoadedDirs loadDirs(KafkaConfig config) {
    scala.Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> loaded =
        KafkaRaftServer.initializeLogDirs(config, LOG, "[node " + config.nodeId() + "] ");
    return new LoadedDirs(loaded._1(), loaded._2());
  }

  static SharedServer sharedServer(
      String clusterName,
      KafkaConfig config,
      MetaPropertiesEnsemble metaProperties,
      ServerSocketFactory sockets) {
    return new SharedServer(
        config,
        metaProperties,
        Time.SYSTEM,
        new Metrics(),
        CompletableFuture.completedFuture(
            QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
        QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
        faultHandlers(clusterName + " node " + config.nodeId()),
        sockets);
  }

  private static FaultHandlerFactory faultHandlers(String node) {
    return (name, fatal, action) ->
        new LoggingFaultHandler(node + (fatal ? " fatal " : " ") + name, action);
  }
}

package io.kmirror.broker;

import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.SharedServer;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * The cluster's single KRaft controller, the only voter of the metadata quorum. It runs from the
 * cluster's start to its close; brokers come and go around it, so a killed broker never costs the
 * quorum.
 */
final class ControllerNode {

  private final String clusterName;
  private final ClusterLayout layout;
  private final ServerSocketFactory sockets;
  private ControllerServer server;

  ControllerNode(String clusterName, ClusterLayout layout, ServerSocketFactory sockets) {
    this.clusterName = clusterName;
    this.layout = layout;
    this.sockets = sockets;
  }

  void start() {
    KafkaConfig config = KafkaNodes.config(layout.controllerConfig());
    KafkaNodes.LoadedDirs dirs = KafkaNodes.loadDirs(config);
    SharedServer shared =
        KafkaNodes.sharedServer(clusterName, config, dirs.metaProperties(), sockets);
    ControllerServer controller =
        new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs.bootstrapMetadata());
    // On failure ControllerServer.startup shuts itself down before rethrowing.
    controller.startup();
    server = controller;
  }

  void stop() {
    if (server != null) {
      server.shutdown();
      server = null;
    }
  }
}

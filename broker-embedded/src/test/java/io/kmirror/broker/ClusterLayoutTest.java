package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {

  private static final Path BASE = Path.of("/tmp/kmirror-A-1");

  private static ClusterLayout layout(Map<String, String> overrides, Optional<ScramUser> scram) {
    return new ClusterLayout("A", 9000, List.of(9001, 9002, 9003), BASE, overrides, scram);
  }

  @Test
  void brokersListenOnLoopbackAtTheirOwnPortAndDirectoryWithTheirIndexAsNodeId() {
    Map<String, String> broker = layout(Map.of(), Optional.empty()).brokerConfig(1);

    assertThat(broker)
        .containsEntry("process.roles", "broker")
        .containsEntry("node.id", "1")
        .containsEntry("listeners", "CLIENT://127.0.0.1:9002")
        .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:9002")
        .containsEntry("listener.security.protocol.map", "CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT")
        .containsEntry("controller.quorum.voters", "3000@127.0.0.1:9000")
        .containsEntry("log.dirs", BASE.resolve("broker-1").toString())
        .containsEntry("controlled.shutdown.enable", "false");
  }

  @Test
  void theControllerIsTheOnlyVoterAndListensOnlyForControllerTraffic() {
    Map<String, String> controller = layout(Map.of(), Optional.empty()).controllerConfig();

    assertThat(controller)
        .containsEntry("process.roles", "controller")
        .containsEntry("node.id", "3000")
        .containsEntry("listeners", "CONTROLLER://127.0.0.1:9000")
        .containsEntry("controller.quorum.voters", "3000@127.0.0.1:9000")
        .containsEntry("log.dirs", BASE.resolve("controller").toString())
        .doesNotContainKey("advertised.listeners");
  }

  @Test
  void internalTopicsAreReplicatedAsWidelyAsTheClusterAllows() {
    assertThat(ClusterLayout.defaults(3))
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2");
    assertThat(ClusterLayout.defaults(1))
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1");
  }

  @Test
  void overridesWinOverDefaultsOnEveryNode() {
    ClusterLayout layout =
        layout(
            Map.of("group.initial.rebalance.delay.ms", "100", "min.insync.replicas", "2"),
            Optional.empty());

    assertThat(layout.brokerConfig(0))
        .containsEntry("group.initial.rebalance.delay.ms", "100")
        .containsEntry("min.insync.replicas", "2");
    assertThat(layout.controllerConfig()).containsEntry("min.insync.replicas", "2");
  }

  @Test
  void topicCreationDefaultsGoToTheControllerOnly() {
    ClusterLayout layout =
        layout(Map.of("num.partitions", "6", "default.replication.factor", "3"), Optional.empty());

    assertThat(layout.controllerConfig())
        .containsEntry("num.partitions", "6")
        .containsEntry("default.replication.factor", "3");
    assertThat(layout.brokerConfig(2))
        .doesNotContainKeys("num.partitions", "default.replication.factor");
  }

  @Test
  void overridingKeysTheLayoutManagesIsRefusedNamingEachKey() {
    assertThatThrownBy(
            () -> layout(Map.of("listeners", "x", "log.dirs", "y", "a.b", "c"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "broker config 'listeners', 'log.dirs' is managed by EmbeddedKafkaCluster"
                + " (it assigns node ids, ports and directories); remove it");
  }

  @Test
  void scramMakesTheClientListenerSaslAndGivesClientsTheCredentials() {
    ClusterLayout layout = layout(Map.of(), Optional.of(new ScramUser("alice", "s3cret")));

    assertThat(layout.brokerConfig(0))
        .containsEntry(
            "listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
        .containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512,PLAIN")
        .containsEntry(
            "listener.name.client.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"alice\" password=\"s3cret\" user_alice=\"s3cret\";")
        .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-256")
        .containsEntry(
            "listener.name.client.scram-sha-256.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"alice\" password=\"s3cret\";")
        .containsKey("listener.name.client.scram-sha-512.sasl.jaas.config");
    assertThat(layout.clientProperties())
        .containsEntry("bootstrap.servers", "127.0.0.1:9001,127.0.0.1:9002,127.0.0.1:9003")
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
  }

  @Test
  void plaintextClientsNeedOnlyTheBootstrapServers() {
    assertThat(layout(Map.of(), Optional.empty()).clientProperties())
        .isEqualTo(Map.of("bootstrap.servers", "127.0.0.1:9001,127.0.0.1:9002,127.0.0.1:9003"));
  }
}

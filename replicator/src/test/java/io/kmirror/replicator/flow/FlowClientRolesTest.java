package io.kmirror.replicator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Kafka client config each client of a flow is built with, per role and cluster: every cluster
 * and layer writes its own credential, so each client's credentials show exactly which layers
 * reached it. The checkpoint writer is the target producer, the offset-index reader the progress
 * consumer, group offsets are read with the source admin and committed with the target admin.
 */
class FlowClientRolesTest {

  private static final Set<String> CONNECTION_KEYS =
      Set.of(
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.keystore.location",
          "ssl.keystore.password",
          "bootstrap.servers");

  private static final FlowEndpoints ENDPOINTS = endpoints();

  private static FlowEndpoints endpoints() {
    String file =
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = a:9092",
            "B.bootstrap.servers = b:9092",
            "A->B.enabled = true",
            "A.security.protocol = SASL_SSL",
            "A.sasl.mechanism = SCRAM-SHA-512",
            "A.sasl.jaas.config = jaas-A",
            "A.producer.sasl.jaas.config = jaas-A-producer",
            "A.admin.sasl.jaas.config = jaas-A-admin",
            "B.security.protocol = SSL",
            "B.ssl.keystore.location = /B.p12",
            "B.ssl.keystore.password = pw-B",
            "B.admin.ssl.keystore.password = pw-B-admin",
            "A->B.consumer.sasl.jaas.config = jaas-A->B-consumer",
            "A->B.producer.ssl.keystore.password = pw-A->B-producer",
            "A->B.admin.request.timeout.ms = 999");
    Flow flow =
        new TopologyParser()
            .parse(Path.of("topology.properties"), file)
            .topology()
            .flow(new FlowId("A", "B"))
            .orElseThrow();
    return new FlowEndpoints(flow, "a:9092", "b:9092");
  }

  private static Map<String, Object> connection(Map<String, Object> config) {
    Map<String, Object> kept = new TreeMap<>(config);
    kept.keySet().retainAll(CONNECTION_KEYS);
    return kept;
  }

  private static Map<String, Object> sourceWith(String jaas) {
    return Map.of(
        "bootstrap.servers", "a:9092",
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", jaas);
  }

  private static Map<String, Object> targetWith(String password) {
    return Map.of(
        "bootstrap.servers", "b:9092",
        "security.protocol", "SSL",
        "ssl.keystore.location", "/B.p12",
        "ssl.keystore.password", password);
  }

  @Test
  void theSourceConsumerPresentsTheFlowsConsumerCredentialsToA() {
    assertThat(connection(ENDPOINTS.sourceConsumer(0))).isEqualTo(sourceWith("jaas-A->B-consumer"));
  }

  @Test
  void theSourceAdminPresentsAsAdminCredentialsToA() {
    assertThat(connection(ENDPOINTS.sourceAdmin())).isEqualTo(sourceWith("jaas-A-admin"));
    assertThat(ENDPOINTS.sourceAdmin()).containsEntry("request.timeout.ms", "999");
  }

  @Test
  void theHeartbeatProducerPresentsAsProducerCredentialsToA() {
    Map<String, Object> heartbeats = ENDPOINTS.heartbeatProducer();

    assertThat(connection(heartbeats)).isEqualTo(sourceWith("jaas-A-producer"));
    assertThat(heartbeats)
        .containsEntry("client.id", "kmirror-A-B-heartbeats")
        .containsEntry("acks", "all")
        .containsEntry("max.block.ms", "500")
        .doesNotContainKey("request.timeout.ms");
  }

  @Test
  void theTargetProducerForRecordsAndCheckpointsPresentsTheFlowsProducerCredentialsToB() {
    assertThat(connection(ENDPOINTS.targetProducer(0))).isEqualTo(targetWith("pw-A->B-producer"));
  }

  @Test
  void theTargetAdminPresentsBsAdminCredentialsToBAndNothingOfA() {
    assertThat(connection(ENDPOINTS.targetAdmin())).isEqualTo(targetWith("pw-B-admin"));
    assertThat(ENDPOINTS.targetAdmin()).containsEntry("request.timeout.ms", "999");
  }

  @Test
  void theProgressAndOffsetIndexConsumerPresentsBsCredentialsToB() {
    assertThat(connection(ENDPOINTS.targetProgressConsumer(0))).isEqualTo(targetWith("pw-B"));
  }

  @Test
  void theLeaderElectionConsumerPresentsBsCredentialsToB() {
    assertThat(connection(ENDPOINTS.leaderConsumer())).isEqualTo(targetWith("pw-B"));
  }
}

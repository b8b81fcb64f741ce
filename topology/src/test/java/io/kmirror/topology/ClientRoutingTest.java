package io.kmirror.topology;

import static io.kmirror.topology.TopologyFiles.parse;
import static io.kmirror.topology.TopologyFiles.problems;
import static io.kmirror.topology.TopologyFiles.topology;
import static io.kmirror.topology.TopologyFiles.twoClusters;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which keys reach which client: every layer below carries a distinct value, so each client's exact
 * config shows the layers it received and, as importantly, the ones it did not.
 */
class ClientRoutingTest {

  private static final FlowId A_TO_B = new FlowId("A", "B");

  /** One distinct value per layer and cluster; {@code sasl.jaas.config} plays the credential. */
  private static final String[] EVERY_LAYER = {
    "client.rack = top",
    "consumer.check.crcs = top-consumer",
    "producer.linger.ms = 1",
    "admin.retries = 1",
    "A.security.protocol = SASL_SSL",
    "A.sasl.jaas.config = A-common",
    "B.security.protocol = SSL",
    "B.ssl.keystore.password = B-common",
    "A.consumer.max.poll.records = 11",
    "A.producer.batch.size = 12",
    "A.admin.request.timeout.ms = 13",
    "B.consumer.fetch.min.bytes = 21",
    "B.producer.batch.size = 22",
    "B.admin.request.timeout.ms = 23",
    "A->B.consumer.sasl.jaas.config = flow-consumer",
    "A->B.producer.sasl.jaas.config = flow-producer",
    "A->B.admin.retry.backoff.ms = 31",
    "A->B.source.admin.sasl.jaas.config = flow-source-admin",
    "A->B.target.admin.ssl.keystore.password = flow-target-admin"
  };

  private static FlowClients clients() {
    return topology(twoClusters(EVERY_LAYER)).flow(A_TO_B).orElseThrow().clients();
  }

  @Test
  void theSourceConsumerGetsTheSourcesKeysAndTheFlowsConsumerKeys() {
    assertThat(clients().sourceConsumer().entries())
        .isEqualTo(
            Map.of(
                "client.rack", "top",
                "check.crcs", "top-consumer",
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "flow-consumer",
                "max.poll.records", "11"));
  }

  @Test
  void theSourceAdminGetsTheSourcesKeysTheFlowsSharedAdminKeysAndItsOwn() {
    assertThat(clients().sourceAdmin().entries())
        .isEqualTo(
            Map.of(
                "client.rack", "top",
                "retries", "1",
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "flow-source-admin",
                "request.timeout.ms", "13",
                "retry.backoff.ms", "31"));
  }

  @Test
  void theHeartbeatProducerOnTheSourceGetsTheSourcesProducerKeysNotTheFlowsOrTheAdmins() {
    assertThat(clients().sourceProducer().entries())
        .isEqualTo(
            Map.of(
                "client.rack", "top",
                "linger.ms", "1",
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "A-common",
                "batch.size", "12"));
  }

  @Test
  void theTargetProducerGetsTheTargetsKeysAndTheFlowsProducerKeys() {
    assertThat(clients().targetProducer().entries())
        .isEqualTo(
            Map.of(
                "client.rack", "top",
                "linger.ms", "1",
                "security.protocol", "SSL",
                "ssl.keystore.password", "B-common",
                "batch.size", "22",
                "sasl.jaas.config", "flow-producer"));
  }

  @Test
  void theTargetAdminGetsTheTargetsKeysAndNeverTheSourcesCredentials() {
    assertThat(clients().targetAdmin().entries())
        .isEqualTo(
            Map.of(
                "client.rack", "top",
                "retries", "1",
                "security.protocol", "SSL",
                "ssl.keystore.password", "flow-target-admin",
                "request.timeout.ms", "23",
                "retry.backoff.ms", "31"));
  }

  @Test
  void theTargetConsumerForStateAndElectionGetsOnlyTheTargetsKeys() {
    assertThat(clients().targetConsumer().entries())
        .isEqualTo(
            Map.of(
                "client.rack", "top",
                "check.crcs", "top-consumer",
                "security.protocol", "SSL",
                "ssl.keystore.password", "B-common",
                "fetch.min.bytes", "21"));
  }

  @Test
  void theReverseFlowRoutesTheSameClusterKeysTheOtherWay() {
    FlowClients reverse =
        topology(
                "clusters = A, B",
                "A.bootstrap.servers = a:9092",
                "B.bootstrap.servers = b:9092",
                "B->A.enabled = true",
                "A.sasl.jaas.config = A-common",
                "B.sasl.jaas.config = B-common")
            .flow(new FlowId("B", "A"))
            .orElseThrow()
            .clients();

    assertThat(reverse.sourceConsumer().entries()).containsEntry("sasl.jaas.config", "B-common");
    assertThat(reverse.sourceAdmin().entries()).containsEntry("sasl.jaas.config", "B-common");
    assertThat(reverse.sourceProducer().entries()).containsEntry("sasl.jaas.config", "B-common");
    assertThat(reverse.targetProducer().entries()).containsEntry("sasl.jaas.config", "A-common");
    assertThat(reverse.targetAdmin().entries()).containsEntry("sasl.jaas.config", "A-common");
    assertThat(reverse.targetConsumer().entries()).containsEntry("sasl.jaas.config", "A-common");
  }

  @Test
  void aCredentialInTheFlowsSharedAdminKeysIsRefusedNamingTheKeysThatReachOneCluster() {
    assertThat(problems(twoClusters("A->B.admin.sasl.jaas.config = secret-for-A")))
        .containsExactly(
            "topology.properties: key 'A->B.admin.sasl.jaas.config' would present the same"
                + " connection settings and credentials to A and B; expected"
                + " 'A->B.source.admin.sasl.jaas.config', 'A->B.target.admin.sasl.jaas.config',"
                + " 'A.admin.sasl.jaas.config' or 'B.admin.sasl.jaas.config'");
  }

  @Test
  void sharedAdminTuningKeysStillReachBothEnds() {
    ParsedTopology parsed = parse(twoClusters("A->B.admin.retries = 7"));
    FlowClients clients = parsed.topology().flow(A_TO_B).orElseThrow().clients();

    assertThat(clients.sourceAdmin().entries()).isEqualTo(Map.of("retries", "7"));
    assertThat(clients.targetAdmin().entries()).isEqualTo(Map.of("retries", "7"));
    assertThat(parsed.warnings()).isEmpty();
  }
}

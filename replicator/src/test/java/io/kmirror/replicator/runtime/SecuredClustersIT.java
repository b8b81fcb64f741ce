package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A flow from a SASL_SSL/SCRAM source to an mTLS target, each cluster's credentials written once at
 * cluster level as a user would: records arrive with their keys, values and offsets.
 */
class SecuredClustersIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  /** {@code A.key = value} lines for every client property of {@code cluster} but bootstrap. */
  private static List<String> clientKeys(String alias, EmbeddedKafkaCluster cluster) {
    List<String> lines = new ArrayList<>();
    lines.add(alias + ".bootstrap.servers = " + cluster.bootstrapServers());
    cluster
        .clientProperties()
        .forEach(
            (k, v) -> {
              if (!k.equals("bootstrap.servers")) {
                lines.add(alias + "." + k + " = " + String.valueOf(v).replace("\\", "\\\\"));
              }
            });
    return lines;
  }

  @Test
  void recordsFlowFromASaslSslSourceToAnMtlsTarget() throws Exception {
    try (EmbeddedKafkaCluster a =
            EmbeddedKafkaCluster.builder().name("A").tls().scram("mirror", "mirror-pw").build();
        EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().name("B").tls().build()) {
      a.start();
      b.start();
      // Given a topology with each cluster's own protocol and credentials, and 20 source records
      List<String> file = new ArrayList<>(List.of("clusters = A, B", "A->B.enabled = true"));
      file.add("A->B.topics = orders");
      file.addAll(clientKeys("A", a));
      file.addAll(clientKeys("B", b));
      Topology topology =
          new TopologyParser()
              .parse(Path.of("topology.properties"), String.join("\n", file))
              .topology();
      try (Admin adminA = Admin.create(a.clientProperties())) {
        Records.createTopic(adminA, "orders", 2, Map.of());
      }
      Records.produceSample(a, "A", "orders", 2, 0, 20);

      // When the flow runs
      try (Replicators replicator =
          Replicators.start(
              topology,
              Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
              Replicators.FAST)) {

        // Then every record arrives on B's remote topic
        List<ConsumerRecord<String, String>> mirrored =
            Records.readExactly(b, "A.orders", 20, WAIT);
        assertThat(mirrored).hasSize(20);
        assertThat(mirrored)
            .extracting(ConsumerRecord::value)
            .contains("A/orders/0", "A/orders/19");
      }
    }
  }

  @Test
  void recordsFlowFromASaslPlainSource() throws Exception {
    try (EmbeddedKafkaCluster a =
            EmbeddedKafkaCluster.builder().name("A").scram("mirror", "plain-pw").build();
        EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().name("B").build()) {
      a.start();
      b.start();
      // Given a source whose credentials are SASL/PLAIN, written once at cluster level
      List<String> file =
          List.of(
              "clusters = A, B",
              "A->B.enabled = true",
              "A->B.topics = orders",
              "A.bootstrap.servers = " + a.bootstrapServers(),
              "B.bootstrap.servers = " + b.bootstrapServers(),
              "A.security.protocol = SASL_PLAINTEXT",
              "A.sasl.mechanism = PLAIN",
              "A.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule"
                  + " required username=\"mirror\" password=\"plain-pw\";");
      Topology topology =
          new TopologyParser()
              .parse(Path.of("topology.properties"), String.join("\n", file))
              .topology();
      try (Admin adminA = Admin.create(a.clientProperties())) {
        Records.createTopic(adminA, "orders", 1, Map.of());
      }
      Records.produceSample(a, "A", "orders", 1, 0, 10);

      // When the flow runs, then every record arrives
      try (Replicators replicator =
          Replicators.start(
              topology,
              Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
              Replicators.FAST)) {
        assertThat(Records.readExactly(b, "A.orders", 10, WAIT))
            .extracting(ConsumerRecord::value)
            .containsExactly(
                "A/orders/0",
                "A/orders/1",
                "A/orders/2",
                "A/orders/3",
                "A/orders/4",
                "A/orders/5",
                "A/orders/6",
                "A/orders/7",
                "A/orders/8",
                "A/orders/9");
      }
    }
  }
}

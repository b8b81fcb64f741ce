package io.kmirror.replicator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.testing.Records;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * {@code validate --connect} before the first run, when the remote topic, the progress topic and
 * the flow's group do not exist yet: their operations are judged from the clusters' ACLs for the
 * flow's principal (literal and prefixed bindings alike), a missing one is named, and where the
 * ACLs cannot be read the check says exactly what it did not check and why.
 */
class UncreatedResourcesIT {

  private static final Duration CALL = Duration.ofSeconds(10);

  @Test
  void operationsOnResourcesNotThereYetAreJudgedFromPrefixedAndLiteralAcls() throws Exception {
    try (EmbeddedKafkaCluster a = SecuredClusters.secured("A");
        EmbeddedKafkaCluster b = SecuredClusters.secured("B")) {
      a.start();
      b.start();
      try (Admin adminA = Admin.create(a.clientProperties());
          Admin adminB = Admin.create(b.clientProperties())) {
        // Given topic orders on A, nothing of the flow on B yet, and the flow's ACLs: on B as
        // one prefixed binding per operation for the remote topics (A.) and literal ones for the
        // progress topic, on both clusters Describe on the cluster to read ACLs
        Records.createTopic(adminA, "orders", 1, Map.of());
        SecuredClusters.addUser(adminA, "kmirror");
        SecuredClusters.addUser(adminB, "kmirror");
        adminA
            .createAcls(
                List.of(
                    literal(ResourceType.TOPIC, "orders", AclOperation.READ),
                    literal(ResourceType.GROUP, "kmirror-A-B", AclOperation.READ),
                    literal(ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE)))
            .all()
            .get(30, TimeUnit.SECONDS);
        AclBinding remoteWrite = prefixed("A.", AclOperation.WRITE);
        AclBinding describeB =
            literal(ResourceType.CLUSTER, "kafka-cluster", AclOperation.DESCRIBE);
        adminB
            .createAcls(
                List.of(
                    prefixed("A.", AclOperation.CREATE),
                    remoteWrite,
                    prefixed("A.", AclOperation.ALTER),
                    literal(ResourceType.TOPIC, "kmirror-offsets.A.internal", AclOperation.CREATE),
                    literal(ResourceType.TOPIC, "kmirror-offsets.A.internal", AclOperation.READ),
                    literal(ResourceType.TOPIC, "kmirror-offsets.A.internal", AclOperation.WRITE),
                    describeB))
            .all()
            .get(30, TimeUnit.SECONDS);
        Topology topology = topology(a, b);

        // Then every operation is judged, none is missing, and nothing is left for later
        List<Preflight.Line> lines = Preflight.check(topology, CALL);
        assertThat(lines.stream().filter(Preflight.Line::problem)).isEmpty();
        assertThat(lines.stream().map(Preflight.Line::text))
            .last()
            .isEqualTo("flow A->B: 8 permission(s) granted on A and B, none missing");

        // When the prefixed Write on B is taken away
        adminB.deleteAcls(List.of(remoteWrite.toFilter())).all().get(30, TimeUnit.SECONDS);

        // Then exactly that one is named, for the topic that does not exist yet
        assertThat(problems(topology))
            .containsExactly(
                "flow A->B: missing Write on topic A.orders on cluster B (mirroring records; it"
                    + " does not exist yet; read from the ACLs of User:kmirror on its name)");

        // When B does not let the principal read ACLs either
        adminB.deleteAcls(List.of(describeB.toFilter())).all().get(30, TimeUnit.SECONDS);

        // Then nothing is guessed: the line says what was not checked and why
        lines = Preflight.check(topology, CALL);
        assertThat(lines.stream().filter(Preflight.Line::problem)).isEmpty();
        assertThat(lines.stream().map(Preflight.Line::text))
            .contains(
                "flow A->B: not there yet on B: topic A.orders, topic kmirror-offsets.A.internal"
                    + " (Create on a topic is checked now, the rest once they exist: reading ACLs"
                    + " needs Describe on the cluster, not granted)");
      }
    }
  }

  private static List<String> problems(Topology topology) {
    return Preflight.check(topology, CALL).stream()
        .filter(Preflight.Line::problem)
        .map(Preflight.Line::text)
        .toList();
  }

  private static AclBinding literal(ResourceType type, String name, AclOperation operation) {
    return binding(new ResourcePattern(type, name, PatternType.LITERAL), operation);
  }

  private static AclBinding prefixed(String prefix, AclOperation operation) {
    return binding(
        new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED), operation);
  }

  private static AclBinding binding(ResourcePattern pattern, AclOperation operation) {
    return new AclBinding(
        pattern, new AccessControlEntry("User:kmirror", "*", operation, AclPermissionType.ALLOW));
  }

  /** A->B of {@code orders} with only the mirroring itself on: no heartbeats, groups or sync. */
  private static Topology topology(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b) {
    String lines =
        String.join(
            "\n",
            "clusters = A, B",
            "A->B.enabled = true",
            "A->B.topics = orders",
            "emit.heartbeats.enabled = false",
            "emit.checkpoints.enabled = false",
            "sync.group.offsets.enabled = false",
            "sync.topic.acls.enabled = false",
            "sync.topic.configs.enabled = false",
            "security.protocol = SASL_PLAINTEXT",
            "sasl.mechanism = SCRAM-SHA-256",
            "sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"kmirror\" password=\"kmirror-pw\";",
            "A.bootstrap.servers = " + a.bootstrapServers(),
            "B.bootstrap.servers = " + b.bootstrapServers());
    return new TopologyParser().parse(Path.of("topology.properties"), lines).topology();
  }
}

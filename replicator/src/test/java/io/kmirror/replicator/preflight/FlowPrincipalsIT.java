package io.kmirror.replicator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.testing.Records;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Two flows read one secured source cluster as two principals ({@code A->B.source.admin.*} and
 * {@code A->C.source.admin.*}): {@code validate --connect} checks each flow's permissions as its
 * own principal, not as whichever flow reached the cluster first.
 */
class FlowPrincipalsIT {

  private static final Duration CALL = Duration.ofSeconds(10);

  @Test
  void eachFlowIsCheckedAsItsOwnPrincipalOnASharedSourceCluster() throws Exception {
    try (EmbeddedKafkaCluster a =
            EmbeddedKafkaCluster.builder()
                .name("A")
                .scram("admin", "admin-pw")
                .standardAuthorizer()
                .brokerConfig("allow.everyone.if.no.acl.found", "false")
                .build();
        EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().name("B").build();
        EmbeddedKafkaCluster c = EmbeddedKafkaCluster.builder().name("C").build()) {
      a.start();
      b.start();
      c.start();
      try (Admin adminA = Admin.create(a.clientProperties())) {
        // Given topic orders on A, principal alice granted what both flows need on A, and bob
        // granted all that A->C needs but Read on its group
        Records.createTopic(adminA, "orders", 1, Map.of());
        SecuredClusters.addUser(adminA, "alice");
        SecuredClusters.addUser(adminA, "bob");
        adminA
            .createAcls(
                List.of(
                    allow("alice", ResourceType.TOPIC, "orders", AclOperation.READ),
                    allow("alice", ResourceType.GROUP, "kmirror-A-B", AclOperation.READ),
                    allow("alice", ResourceType.GROUP, "kmirror-A-C", AclOperation.READ),
                    allow("bob", ResourceType.TOPIC, "orders", AclOperation.READ)))
            .all()
            .get(30, TimeUnit.SECONDS);

        // When validate --connect checks A->B as alice and A->C as bob
        List<Preflight.Line> lines = Preflight.check(topology(a, b, c), CALL);

        // Then only A->C's missing group Read is a problem, and A is reached once per principal
        assertThat(lines.stream().filter(Preflight.Line::problem).map(Preflight.Line::text))
            .containsExactly(
                "flow A->C: missing Read on group kmirror-A-C on cluster A (the mirroring"
                    + " consumers)");
        assertThat(lines.stream().map(Preflight.Line::text).filter(t -> t.startsWith("cluster A")))
            .containsExactly(
                "cluster A at "
                    + a.bootstrapServers()
                    + ": reached, cluster id "
                    + a.clusterId()
                    + ", 1 broker(s)",
                "cluster A at "
                    + a.bootstrapServers()
                    + " with flow A->C's client settings:"
                    + " reached, cluster id "
                    + a.clusterId()
                    + ", 1 broker(s)");
      }
    }
  }

  private static AclBinding allow(
      String user, ResourceType type, String name, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  private static String jaas(String user) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + user
        + "-pw\";";
  }

  /**
   * A->B and A->C of {@code orders}, every feature that needs more than the mirroring ACLs off, the
   * source's credentials per flow.
   */
  private static Topology topology(
      EmbeddedKafkaCluster a, EmbeddedKafkaCluster b, EmbeddedKafkaCluster c) {
    List<String> lines = new ArrayList<>(List.of("clusters = A, B, C"));
    for (String flow : List.of("A->B", "A->C")) {
      lines.add(flow + ".enabled = true");
      lines.add(flow + ".topics = orders");
      lines.add(
          flow + ".consumer.sasl.jaas.config = " + jaas(flow.equals("A->B") ? "alice" : "bob"));
      lines.add(
          flow + ".source.admin.sasl.jaas.config = " + jaas(flow.equals("A->B") ? "alice" : "bob"));
    }
    lines.addAll(
        List.of(
            "emit.heartbeats.enabled = false",
            "emit.checkpoints.enabled = false",
            "sync.group.offsets.enabled = false",
            "sync.topic.acls.enabled = false",
            "sync.topic.configs.enabled = false",
            "A.security.protocol = SASL_PLAINTEXT",
            "A.sasl.mechanism = SCRAM-SHA-256",
            "A.bootstrap.servers = " + a.bootstrapServers(),
            "B.bootstrap.servers = " + b.bootstrapServers(),
            "C.bootstrap.servers = " + c.bootstrapServers()));
    return new TopologyParser()
        .parse(Path.of("topology.properties"), String.join("\n", lines))
        .topology();
  }
}

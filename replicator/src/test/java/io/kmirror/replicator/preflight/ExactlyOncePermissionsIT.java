package io.kmirror.replicator.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.preflight.Permission.Side;
import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * {@code kmirror.exactly.once.enabled = true} against Kafka's StandardAuthorizer with no ACL-less
 * access: the listed ACLs (docs/configuration.md) with the one prefixed TransactionalId Write are
 * enough to mirror exactly once (transactions, listing the flow's open ones, fencing), and without
 * that one ACL {@code validate --connect}'s check names exactly it.
 */
class ExactlyOncePermissionsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final String PRINCIPAL = "User:kmirror";

  @Test
  void theListedAclsMirrorExactlyOnceAndAMissingTransactionalIdAclIsNamed() throws Exception {
    try (EmbeddedKafkaCluster a = SecuredClusters.secured("A");
        EmbeddedKafkaCluster b = SecuredClusters.secured("B")) {
      a.start();
      b.start();
      try (Admin adminA = Admin.create(a.clientProperties());
          Admin adminB = Admin.create(b.clientProperties());
          LogCapture log = LogCapture.start()) {
        SecuredClusters.addUser(adminA, "kmirror");
        SecuredClusters.addUser(adminB, "kmirror");
        Topology topology = topology(a, b);
        FlowContext flow =
            FlowContext.of(topology.enabledFlows().get(0))
                .withExactlyOnce(topology.settings().exactlyOnce());
        Map<AclBinding, Side> granted = grants(flow);
        AclBinding transactional =
            granted.keySet().stream()
                .filter(g -> g.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID)
                .findFirst()
                .orElseThrow();
        adminA.createAcls(onSide(granted, Side.SOURCE)).all().get(30, TimeUnit.SECONDS);
        adminB.createAcls(onSide(granted, Side.TARGET)).all().get(30, TimeUnit.SECONDS);

        // Given the principal without the TransactionalId ACL, the check names exactly that one
        adminB.deleteAcls(List.of(transactional.toFilter())).all().get(30, TimeUnit.SECONDS);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(problems(topology))
                        .containsExactly(
                            "flow A->B: missing Write on transactional IDs kmirror-A-B.tx.* on"
                                + " cluster B (exactly-once transactions and fencing zombies)"));

        // When it is granted, the check is clean and the flow mirrors exactly once
        adminB.createAcls(List.of(transactional)).all().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> problems(topology).isEmpty());
        Records.createTopic(adminA, "orders", 1, Map.of());
        Records.produceSample(a, "A", "orders", 1, 0, 20);
        Records.commit(adminA, "app", Map.of(new TopicPartition("orders", 0), 10L));
        try (Replicators replicator =
            Replicators.start(
                topology,
                Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
                Replicators.FAST)) {
          assertThat(Records.readCommitted(b, "A.orders", 20, WAIT)).hasSize(20);
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      Records.committed(adminB, "app")
                          .equals(Map.of(new TopicPartition("A.orders", 0), 10L)));
        }
        assertThat(log.text())
            .contains("event=transactions-opened")
            .doesNotContain("AuthorizationException");
      }
    }
  }

  /**
   * One ALLOW binding per required permission: topic {@code orders} and the heartbeats it mirrors,
   * their copies on B, group {@code app}, the flow's transactional-ID prefix.
   */
  private static Map<AclBinding, Side> grants(FlowContext flow) {
    Map<AclBinding, Side> grants = new LinkedHashMap<>();
    for (Permission p : FlowPermissions.required(flow)) {
      List<ResourcePattern> resources = new ArrayList<>();
      switch (p.resource().scope()) {
        case CLUSTER -> resources.add(literal(ResourceType.CLUSTER, "kafka-cluster"));
        case TOPIC -> resources.add(literal(ResourceType.TOPIC, p.resource().name()));
        case GROUP -> resources.add(literal(ResourceType.GROUP, p.resource().name()));
        case MIRRORED_TOPICS -> {
          resources.add(literal(ResourceType.TOPIC, "orders"));
          resources.add(literal(ResourceType.TOPIC, "heartbeats"));
        }
        case REMOTE_TOPICS -> {
          resources.add(literal(ResourceType.TOPIC, "A.orders"));
          resources.add(literal(ResourceType.TOPIC, "A.heartbeats"));
        }
        case CARRIED_GROUPS -> resources.add(literal(ResourceType.GROUP, "app"));
        case TRANSACTIONAL_IDS ->
            resources.add(
                new ResourcePattern(
                    ResourceType.TRANSACTIONAL_ID, p.resource().name(), PatternType.PREFIXED));
        default -> throw new AssertionError(p);
      }
      for (ResourcePattern resource : resources) {
        grants.putIfAbsent(
            new AclBinding(
                resource,
                new AccessControlEntry(PRINCIPAL, "*", p.operation(), AclPermissionType.ALLOW)),
            p.side());
      }
    }
    return grants;
  }

  private static ResourcePattern literal(ResourceType type, String name) {
    return new ResourcePattern(type, name, PatternType.LITERAL);
  }

  private static List<AclBinding> onSide(Map<AclBinding, Side> grants, Side side) {
    return grants.entrySet().stream()
        .filter(e -> e.getValue() == side)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static List<String> problems(Topology topology) {
    return Preflight.check(topology, CALL).stream()
        .filter(Preflight.Line::problem)
        .map(Preflight.Line::text)
        .toList();
  }

  /** Flow A->B of {@code orders} and group {@code app}, exactly once, every feature on. */
  private static Topology topology(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b) {
    List<String> lines =
        List.of(
            "clusters = A, B",
            "A->B.enabled = true",
            "A->B.topics = orders",
            "A->B.groups = app",
            "A->B.refresh.topics.interval.seconds = 1",
            "A->B.refresh.groups.interval.seconds = 1",
            "A->B.emit.checkpoints.interval.seconds = 1",
            "A->B.sync.group.offsets.interval.seconds = 1",
            "A->B.emit.heartbeats.interval.seconds = 1",
            "A->B.sync.topic.acls.interval.seconds = 1",
            "kmirror.exactly.once.enabled = true",
            "security.protocol = SASL_PLAINTEXT",
            "sasl.mechanism = SCRAM-SHA-256",
            "sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"kmirror\" password=\"kmirror-pw\";",
            "A.bootstrap.servers = " + a.bootstrapServers(),
            "B.bootstrap.servers = " + b.bootstrapServers());
    return new TopologyParser()
        .parse(Path.of("topology.properties"), String.join("\n", lines))
        .topology();
  }
}

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The permission list ({@link FlowPermissions}, docs/configuration.md) against Kafka's
 * StandardAuthorizer with no ACL-less access: a principal granted exactly the list mirrors records
 * and group offsets with every feature on but topic deletion, and each entry taken away alone is
 * named, alone, by {@code validate --connect}'s check.
 */
class PermissionsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration CALL = Duration.ofSeconds(10);
  private static final String PRINCIPAL = "User:kmirror";

  @Test
  void exactlyTheListedAclsMirrorAndEachOneMissingIsNamed() throws Exception {
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
        FlowContext flow = FlowContext.of(topology.enabledFlows().get(0));
        Map<AclBinding, Expected> granted = grants(flow);
        for (Side side : Side.values()) {
          Admin admin = side == Side.SOURCE ? adminA : adminB;
          admin.createAcls(onSide(granted, side)).all().get(30, TimeUnit.SECONDS);
        }
        // Given 20 records and a consumer group at offset 10 on A
        Records.createTopic(adminA, "orders", 1, Map.of());
        Records.produceSample(a, "A", "orders", 1, 0, 20);
        Records.commit(adminA, "app", Map.of(new TopicPartition("orders", 0), 10L));

        // When the flow runs as the principal holding exactly the listed ACLs
        try (Replicators replicator =
            Replicators.start(
                topology,
                Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
                Replicators.FAST)) {
          // Then records, heartbeats and the group's offset arrive, with no refusal on the way
          assertThat(Records.readExactly(b, "A.orders", 20, WAIT)).hasSize(20);
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      Records.committed(adminB, "app")
                          .equals(Map.of(new TopicPartition("A.orders", 0), 10L)));
          await().atMost(WAIT).until(() -> checkLines(topology).stream().noneMatch(this::open));
        }
        assertThat(log.text())
            .doesNotContain("AuthorizationException")
            .doesNotContain("event=leader-election-failed")
            .doesNotContain("event=topic-acl-sync-failed");
        // and on B the principal holds the list plus ACL sync's copies of its own topic ACLs on A
        // (MM2's rule: every one but Write)
        Set<AclBinding> onB = new HashSet<>(onSide(granted, Side.TARGET));
        for (AclBinding acl : onSide(granted, Side.SOURCE)) {
          if (acl.pattern().resourceType() == ResourceType.TOPIC
              && acl.entry().operation() != AclOperation.WRITE) {
            onB.add(
                new AclBinding(
                    pattern(ResourceType.TOPIC, "A." + acl.pattern().name()), acl.entry()));
          }
        }
        assertThat(principalAcls(adminB)).isEqualTo(onB);
        assertThat(checkLines(topology).stream().filter(Preflight.Line::problem)).isEmpty();

        // When each listed ACL alone is taken away, the check names exactly that one
        for (Map.Entry<AclBinding, Expected> entry : granted.entrySet()) {
          Admin admin = entry.getValue().side() == Side.SOURCE ? adminA : adminB;
          admin.deleteAcls(List.of(entry.getKey().toFilter())).all().get(30, TimeUnit.SECONDS);
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () ->
                      assertThat(problems(topology))
                          .containsExactly("flow A->B: " + entry.getValue().line()));
          admin.createAcls(List.of(entry.getKey())).all().get(30, TimeUnit.SECONDS);
          await().atMost(WAIT).until(() -> problems(topology).isEmpty());
        }
      }
    }
  }

  /** A problem line, or a topic the check could not ask about yet. */
  private boolean open(Preflight.Line line) {
    return line.problem() || line.text().contains("not there yet");
  }

  private record Expected(Side side, String line) {}

  /**
   * One ALLOW binding per listed permission, the run-time sets named as this flow's: topic {@code
   * orders} and the heartbeats it mirrors, their remote copies on B, group {@code app}.
   */
  private static Map<AclBinding, Expected> grants(FlowContext flow) {
    Map<AclBinding, Expected> grants = new LinkedHashMap<>();
    for (Permission p : FlowPermissions.required(flow)) {
      List<ResourcePattern> resources = new ArrayList<>();
      switch (p.resource().scope()) {
        case CLUSTER -> resources.add(pattern(ResourceType.CLUSTER, "kafka-cluster"));
        case TOPIC -> resources.add(pattern(ResourceType.TOPIC, p.resource().name()));
        case GROUP -> resources.add(pattern(ResourceType.GROUP, p.resource().name()));
        case MIRRORED_TOPICS -> {
          resources.add(pattern(ResourceType.TOPIC, "orders"));
          resources.add(pattern(ResourceType.TOPIC, "heartbeats"));
        }
        case REMOTE_TOPICS -> {
          resources.add(pattern(ResourceType.TOPIC, "A.orders"));
          resources.add(pattern(ResourceType.TOPIC, "A.heartbeats"));
        }
        case CARRIED_GROUPS -> resources.add(pattern(ResourceType.GROUP, "app"));
        default -> throw new AssertionError(p);
      }
      for (ResourcePattern resource : resources) {
        AclBinding binding =
            new AclBinding(
                resource,
                new AccessControlEntry(PRINCIPAL, "*", p.operation(), AclPermissionType.ALLOW));
        String named =
            resource.resourceType() == ResourceType.CLUSTER
                ? "the cluster"
                : resource.resourceType().name().toLowerCase(java.util.Locale.ROOT)
                    + " "
                    + resource.name();
        String cluster = p.side() == Side.SOURCE ? "A" : "B";
        grants.putIfAbsent(
            binding,
            new Expected(
                p.side(),
                "missing "
                    + FlowPermissions.operationName(p.operation())
                    + " on "
                    + named
                    + " on cluster "
                    + cluster
                    + " ("
                    + p.purpose()
                    + ")"));
      }
    }
    return grants;
  }

  private static ResourcePattern pattern(ResourceType type, String name) {
    return new ResourcePattern(type, name, PatternType.LITERAL);
  }

  private static List<AclBinding> onSide(Map<AclBinding, Expected> grants, Side side) {
    return grants.entrySet().stream()
        .filter(e -> e.getValue().side() == side)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Set<AclBinding> principalAcls(Admin admin) throws Exception {
    AclBindingFilter mine =
        new AclBindingFilter(
            ResourcePatternFilter.ANY,
            new AccessControlEntryFilter(PRINCIPAL, null, AclOperation.ANY, AclPermissionType.ANY));
    return new HashSet<>(admin.describeAcls(mine).values().get(30, TimeUnit.SECONDS));
  }

  private static List<Preflight.Line> checkLines(Topology topology) {
    return Preflight.check(topology, CALL);
  }

  private static List<String> problems(Topology topology) {
    return checkLines(topology).stream()
        .filter(Preflight.Line::problem)
        .map(Preflight.Line::text)
        .toList();
  }

  /** Flow A->B of {@code orders} and group {@code app}, every feature on but deletions. */
  private static Topology topology(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b) {
    List<String> lines =
        new ArrayList<>(
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
                "security.protocol = SASL_PLAINTEXT",
                "sasl.mechanism = SCRAM-SHA-256",
                "sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule"
                    + " required username=\"kmirror\" password=\"kmirror-pw\";",
                "A.bootstrap.servers = " + a.bootstrapServers(),
                "B.bootstrap.servers = " + b.bootstrapServers()));
    return new TopologyParser()
        .parse(Path.of("topology.properties"), String.join("\n", lines))
        .topology();
  }
}

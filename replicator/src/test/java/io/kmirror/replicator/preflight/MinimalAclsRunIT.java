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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The documented permission list ({@link FlowPermissions}) in real runs, as a principal that is no
 * super user on clusters that allow nothing without an ACL. Sufficient: granted exactly the list
 * for every feature, topic deletion included, a flow mirrors records, a topic config and a group's
 * offset, and deletes the remote copy of a topic deleted on the source, with no refusal logged.
 * Necessary: taking away, one at a time, an ACL the mirroring itself depends on (target Create,
 * Write and Alter on the remote topic, Read on the mirroring group) makes the run log an error
 * naming that resource and its refusal, and nothing else refused; Read on a source topic taken away
 * hides the topic without a word from the run (a gap, named below) but never deletes its remote
 * copy. With every ACL back, the records held back arrive, each once. One cluster pair for all
 * cases; each ACL is put back after its case.
 */
class MinimalAclsRunIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PRINCIPAL = "User:kmirror";
  private static final List<String> TOPICS = List.of("orders", "gone", "fresh", "late");

  @Test
  void exactlyTheListedAclsRunEveryFeatureAndEachMirroringAclIsNeeded() throws Exception {
    try (EmbeddedKafkaCluster a = SecuredClusters.secured("A");
        EmbeddedKafkaCluster b = SecuredClusters.secured("B")) {
      a.start();
      b.start();
      try (Admin adminA = Admin.create(a.clientProperties());
          Admin adminB = Admin.create(b.clientProperties())) {
        SecuredClusters.addUser(adminA, "kmirror");
        SecuredClusters.addUser(adminB, "kmirror");
        Topology topology = topology(a, b);
        FlowContext flow = FlowContext.of(topology.enabledFlows().get(0));
        Map<String, String> addresses =
            Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers());
        adminA.createAcls(grants(flow, Side.SOURCE)).all().get(30, TimeUnit.SECONDS);
        adminB.createAcls(grants(flow, Side.TARGET)).all().get(30, TimeUnit.SECONDS);

        sufficient(a, b, adminA, adminB, topology, addresses);
        necessary(a, adminA, adminB, topology, addresses);
        sourceReadLostKeepsTheRemoteTopic(a, b, adminA, adminB, topology, addresses);

        // When every ACL is back, a new run adds the partition held back and mirrors the 3
        // records held back, each once
        try (Replicators replicator = Replicators.start(topology, addresses, Replicators.FAST)) {
          assertThat(Records.readExactly(b, "A.orders", 23, WAIT)).hasSize(23);
          await().atMost(WAIT).until(() -> Records.partitions(b, "A.orders").size() == 3);
        }
      }
    }
  }

  /**
   * Granted exactly the list, a run mirrors records, a topic config, a group's offset and
   * checkpoints and an added partition, and deletes the remote copy of a topic deleted on the
   * source, with no refusal in the log.
   */
  private static void sufficient(
      EmbeddedKafkaCluster a,
      EmbeddedKafkaCluster b,
      Admin adminA,
      Admin adminB,
      Topology topology,
      Map<String, String> addresses)
      throws Exception {
    // Given orders (with a topic config), gone, records and a consumer group on A
    Records.createTopic(adminA, "orders", 1, Map.of("retention.ms", "7200000"));
    Records.createTopic(adminA, "gone", 1, Map.of());
    Records.produceSample(a, "A", "orders", 1, 0, 20);
    Records.produceSample(a, "A", "gone", 1, 0, 5);
    Records.commit(adminA, "app", Map.of(new TopicPartition("orders", 0), 10L));

    // When the flow runs as the principal holding exactly the listed ACLs
    try (LogCapture log = LogCapture.start();
        Replicators replicator = Replicators.start(topology, addresses, Replicators.FAST)) {
      // Then records, the topic config and the group's offset arrive
      assertThat(Records.readExactly(b, "A.orders", 20, WAIT)).hasSize(20);
      assertThat(Records.readExactly(b, "A.gone", 5, WAIT)).hasSize(5);
      await()
          .atMost(WAIT)
          .until(() -> "7200000".equals(config(adminB, "A.orders").get("retention.ms").value()));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  Records.committed(adminB, "app")
                      .equals(Map.of(new TopicPartition("A.orders", 0), 10L)));
      // and the group's checkpoints are written (Write on A.checkpoints.internal)
      await().atMost(WAIT).until(() -> Records.endOffsetTotal(b, "A.checkpoints.internal") > 0);
      // and a partition added on A is added on B (Alter on the remote topic)
      adminA
          .createPartitions(Map.of("orders", NewPartitions.increaseTo(2)))
          .all()
          .get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> Records.partitions(b, "A.orders").size() == 2);
      // and a topic deleted on A is deleted on B (Delete on the remote topic)
      adminA.deleteTopics(List.of("gone")).all().get(30, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> !adminB.listTopics().names().get().contains("A.gone"));
      assertThat(log.text())
          .doesNotContain("AuthorizationException")
          .doesNotContain("event=leader-election-failed")
          .doesNotContain("event=topic-acl-sync-failed");
    }
  }

  /** Each mirroring ACL taken away alone is named by the run that needs it, and nothing else. */
  private static void necessary(
      EmbeddedKafkaCluster a,
      Admin adminA,
      Admin adminB,
      Topology topology,
      Map<String, String> addresses)
      throws Exception {
    refusedAlone(
        topology,
        addresses,
        adminB,
        allow("TOPIC", "A.fresh", AclOperation.CREATE),
        () -> Records.createTopic(adminA, "fresh", 1, Map.of()),
        line ->
            line.contains("topic=A.fresh event=target-refused action=create")
                && line.contains("TopicAuthorizationException"));
    refusedAlone(
        topology,
        addresses,
        adminB,
        allow("TOPIC", "A.orders", AclOperation.WRITE),
        () -> Records.produceSample(a, "A", "orders", 1, 20, 1),
        line ->
            line.contains("event=partition-stopped")
                && line.contains(
                    "target A.orders refuses the record: TopicAuthorizationException"));
    refusedAlone(
        topology,
        addresses,
        adminA,
        allow("GROUP", "kmirror-A-B", AclOperation.READ),
        () -> Records.produceSample(a, "A", "orders", 1, 21, 1),
        line ->
            line.contains(
                "GroupAuthorizationException: Not authorized to access group: kmirror-A-B"));
    refusedAlone(
        topology,
        addresses,
        adminB,
        allow("TOPIC", "A.orders", AclOperation.ALTER),
        () ->
            adminA
                .createPartitions(Map.of("orders", NewPartitions.increaseTo(3)))
                .all()
                .get(30, TimeUnit.SECONDS),
        line ->
            line.contains("topic=A.orders event=target-refused action=add-partitions")
                && line.contains("TopicAuthorizationException"));
  }

  /**
   * Read (and with it Describe) on a source topic taken away hides the topic from a new run: it is
   * not mirrored, and nothing in kmirror's log says so (only {@code validate --connect} names the
   * missing Read, {@link PermissionsIT}); with deletion sync on, its remote copy is kept, since a
   * topic the source does not describe is not a topic the source deleted.
   */
  private static void sourceReadLostKeepsTheRemoteTopic(
      EmbeddedKafkaCluster a,
      EmbeddedKafkaCluster b,
      Admin adminA,
      Admin adminB,
      Topology topology,
      Map<String, String> addresses)
      throws Exception {
    AclBinding read = allow("TOPIC", "orders", AclOperation.READ);
    adminA.deleteAcls(List.of(read.toFilter())).all().get(30, TimeUnit.SECONDS);
    Records.produceSample(a, "A", "orders", 1, 22, 1);
    // records 20 and 21, held back by the cases before, may have arrived in a later case
    long mirrored = Records.endOffsetTotal(b, "A.orders");
    try (LogCapture log = LogCapture.start();
        Replicators replicator = Replicators.start(topology, addresses, Replicators.FAST)) {
      await().atMost(WAIT).until(() -> log.text().contains("event=partitions-assigned"));
      assertThat(log.text()).contains("partitions=[fresh-0, heartbeats-0]");
      assertThat(refusals(log)).isEmpty();
      assertThat(adminB.listTopics().names().get(30, TimeUnit.SECONDS)).contains("A.orders");
      assertThat(Records.endOffsetTotal(b, "A.orders")).isEqualTo(mirrored).isLessThan(23);
    } finally {
      adminA.createAcls(List.of(read)).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Something a case does on the clusters before the flow runs. */
  private interface Step {
    void run() throws Exception;
  }

  /**
   * Takes {@code acl} away, does {@code before}, runs the flow until a kmirror line reports an
   * authorization refusal, asserts every such line names the resource ({@code names}), and puts the
   * ACL back.
   */
  private static void refusedAlone(
      Topology topology,
      Map<String, String> addresses,
      Admin admin,
      AclBinding acl,
      Step before,
      Predicate<String> names)
      throws Exception {
    admin.deleteAcls(List.of(acl.toFilter())).all().get(30, TimeUnit.SECONDS);
    before.run();
    try (LogCapture log = LogCapture.start()) {
      Replicators replicator = null;
      try {
        try {
          replicator = Replicators.start(topology, addresses, Replicators.FAST);
        } catch (Exception e) {
          // a flow refused for good fails the start; its refusal was logged
        }
        await().atMost(WAIT).until(() -> !refusals(log).isEmpty());
      } finally {
        if (replicator != null) {
          replicator.close();
        }
      }
      List<String> refusals = refusals(log);
      assertThat(refusals).as(acl.toString()).allMatch(names);
    } finally {
      admin.createAcls(List.of(acl)).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** kmirror's own log lines (first line of each) that report an authorization refusal. */
  private static List<String> refusals(LogCapture log) {
    Set<String> lines = new LinkedHashSet<>();
    for (String line : log.text().split("\n")) {
      if ((line.startsWith("WARN  io.kmirror") || line.startsWith("ERROR io.kmirror"))
          && line.contains("AuthorizationException")) {
        lines.add(line);
      }
    }
    return new ArrayList<>(lines);
  }

  private static Map<String, org.apache.kafka.clients.admin.ConfigEntry> config(
      Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    Map<String, org.apache.kafka.clients.admin.ConfigEntry> entries = new java.util.HashMap<>();
    config.entries().forEach(e -> entries.put(e.name(), e));
    return entries;
  }

  /**
   * One ALLOW binding per listed permission on {@code side}, the run-time sets named as this
   * flow's: the filter's topics and MM2's heartbeats, their remote copies, group {@code app}.
   */
  private static List<AclBinding> grants(FlowContext flow, Side side) {
    Set<AclBinding> grants = new LinkedHashSet<>();
    for (Permission p : FlowPermissions.required(flow)) {
      if (p.side() != side) {
        continue;
      }
      List<String[]> resources = new ArrayList<>();
      switch (p.resource().scope()) {
        case CLUSTER -> resources.add(new String[] {"CLUSTER", "kafka-cluster"});
        case TOPIC -> resources.add(new String[] {"TOPIC", p.resource().name()});
        case GROUP -> resources.add(new String[] {"GROUP", p.resource().name()});
        case MIRRORED_TOPICS -> {
          TOPICS.forEach(t -> resources.add(new String[] {"TOPIC", t}));
          resources.add(new String[] {"TOPIC", "heartbeats"});
        }
        case REMOTE_TOPICS -> {
          TOPICS.forEach(t -> resources.add(new String[] {"TOPIC", "A." + t}));
          resources.add(new String[] {"TOPIC", "A.heartbeats"});
        }
        case CARRIED_GROUPS -> resources.add(new String[] {"GROUP", "app"});
        default -> throw new AssertionError(p);
      }
      resources.forEach(r -> grants.add(allow(r[0], r[1], p.operation())));
    }
    return List.copyOf(grants);
  }

  private static AclBinding allow(String type, String name, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(ResourceType.valueOf(type), name, PatternType.LITERAL),
        new AccessControlEntry(PRINCIPAL, "*", operation, AclPermissionType.ALLOW));
  }

  /** Flow A->B of the listed topics and group {@code app}, every feature on, deletions too. */
  private static Topology topology(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b) {
    List<String> lines =
        new ArrayList<>(
            Arrays.asList(
                "clusters = A, B",
                "A->B.enabled = true",
                "A->B.topics = " + String.join(", ", TOPICS),
                "A->B.groups = app",
                "A->B.sync.topic.deletions.enabled = true",
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

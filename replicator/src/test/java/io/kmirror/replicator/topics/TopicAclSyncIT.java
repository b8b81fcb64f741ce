package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.Scrape;
import io.kmirror.replicator.testing.TestFlows;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * Topic ACL sync against Kafka's StandardAuthorizer: the remote topic gets exactly MM2's copy of
 * the source topic's literal ACLs, once, and a cluster without an authorizer costs one WARN.
 */
class TopicAclSyncIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<String, String> ACL_CREATED =
      Map.of("flow", "A->B", "operation", "acl", "result", "success");

  private static AclBinding allow(String topic, PatternType type, String user, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic, type),
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private static Set<AclBinding> allAcls(Admin admin) throws Exception {
    return new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
  }

  @Test
  void theRemoteTopicGetsTheSourcesLiteralReadAclsOnceAndNeverWrite() throws Exception {
    try (EmbeddedKafkaCluster a =
            EmbeddedKafkaCluster.builder().name("A").standardAuthorizer().build();
        EmbeddedKafkaCluster b =
            EmbeddedKafkaCluster.builder().name("B").standardAuthorizer().build()) {
      a.start();
      b.start();
      try (ClusterPair clusters = ClusterPair.open(a, b)) {
        // Given a mirrored topic with literal ACLs of every kind, and ACLs that are not copied
        Records.createTopic(clusters.adminA(), "orders", 1, Map.of());
        Records.createTopic(clusters.adminA(), "audit", 1, Map.of());
        clusters
            .adminA()
            .createAcls(
                List.of(
                    allow("orders", PatternType.LITERAL, "alice", AclOperation.READ),
                    allow("orders", PatternType.LITERAL, "bob", AclOperation.WRITE),
                    allow("orders", PatternType.LITERAL, "carol", AclOperation.ALL),
                    allow("orders", PatternType.LITERAL, "dan", AclOperation.DESCRIBE),
                    allow("ord", PatternType.PREFIXED, "erin", AclOperation.READ),
                    allow("*", PatternType.LITERAL, "frank", AclOperation.READ),
                    allow("audit", PatternType.LITERAL, "alice", AclOperation.READ)))
            .all()
            .get();

        // When a flow mirrors only 'orders' with ACL sync on
        try (Replicators replicator =
            Replicators.start(
                TestFlows.topology(
                    TestFlows.flow("A", "B").topics("orders").syncAcls(true).build()),
                clusters)) {
          int port = replicator.serveHttp();

          // Then B holds exactly MM2's copy for the remote topic: READ, ALL as READ, DESCRIBE
          Set<AclBinding> expected =
              Set.of(
                  allow("A.orders", PatternType.LITERAL, "alice", AclOperation.READ),
                  allow("A.orders", PatternType.LITERAL, "carol", AclOperation.READ),
                  allow("A.orders", PatternType.LITERAL, "dan", AclOperation.DESCRIBE));
          await().atMost(WAIT).until(() -> allAcls(clusters.adminB()).equals(expected));
          // and further passes (one a second) create nothing more
          await()
              .during(Duration.ofSeconds(4))
              .atMost(WAIT)
              .until(
                  () ->
                      Scrape.from(port).value("kmirror_topic_sync_operations_total", ACL_CREATED)
                          == 3);
          assertThat(allAcls(clusters.adminB())).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aSourceWithoutAnAuthorizerIsReportedOnceAndTheFlowMirrorsOn() throws Exception {
    try (EmbeddedKafkaCluster a = EmbeddedKafkaCluster.builder().name("A").build();
        EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().name("B").build()) {
      a.start();
      b.start();
      try (ClusterPair clusters = ClusterPair.open(a, b);
          LogCapture log = LogCapture.start()) {
        Records.createTopic(clusters.adminA(), "orders", 1, Map.of());
        Records.produceSample(a, "A", "orders", 1, 0, 3);

        try (Replicators replicator =
            Replicators.start(
                TestFlows.topology(
                    TestFlows.flow("A", "B").topics("orders").syncAcls(true).build()),
                clusters)) {
          Records.readExactly(b, "A.orders", 3, WAIT);
          // several one-second passes later, still one line
          await()
              .during(Duration.ofSeconds(3))
              .atMost(WAIT)
              .until(() -> count(log.text(), "event=topic-acls-not-synced") == 1);
        }
        assertThat(log.text())
            .contains("flow=A->B event=topic-acls-not-synced reason=\"a cluster has no authorizer")
            .doesNotContain("event=topic-acl-sync-failed");
      }
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.PacedProducer;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.StreamAudit;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker of a 3-broker cluster crashes (no controlled shutdown) and comes back while records
 * stream through A->B: nothing the source acknowledged may go missing on the target, order per
 * partition holds, duplicates are counted and logged. Topics have replication factor 3 on both
 * sides, the source topic {@code min.insync.replicas=2}, and producers use {@code acks=all}.
 */
@ExtendWith(KafkaClusterExtension.class)
class BrokerCrashIT {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerCrashIT.class);
  private static final int PARTITIONS = 3;
  private static final int TOTAL = 20_000;
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static EmbeddedKafkaCluster a;
  private static EmbeddedKafkaCluster b;

  @BeforeAll
  static void clusters(
      @ClusterSpec(name = "A", brokers = 3) EmbeddedKafkaCluster source,
      @ClusterSpec(name = "B", brokers = 3) EmbeddedKafkaCluster target) {
    a = source;
    b = target;
  }

  @Test
  void sourceBrokerKilledAndRestartedMidStreamLosesNoAcknowledgedRecord() throws Exception {
    // Given a replicated source topic (RF 3, min ISR 2) mirrored while a producer writes to it
    // When the source broker leading partition 0 crashes mid-stream, and later comes back
    // Then every record the source acknowledged is on the target, in order per partition
    mirrorThroughACrash("source-crash", a);
  }

  @Test
  void targetBrokerKilledAndRestartedMidStreamLosesNoAcknowledgedRecord() throws Exception {
    // Given a source topic mirrored into a remote topic with replication factor 3
    // When the target broker leading remote partition 0 crashes mid-stream, and comes back
    // Then every record the source acknowledged is on the target, in order per partition
    mirrorThroughACrash("target-crash", b);
  }

  /**
   * Mirrors {@code topic} from A to B while {@link #TOTAL} records are written to it, crashes the
   * broker of {@code crashed} that leads partition 0 (of the topic on A, of its copy on B) once
   * records flow, restarts it once mirroring has gone on without it, and audits the copy.
   */
  private static void mirrorThroughACrash(String topic, EmbeddedKafkaCluster crashed)
      throws Exception {
    createSourceTopic(topic);
    String remote = "A." + topic;
    try (Replicators replicator = Replicators.start(topology(topic), a, b);
        PacedProducer producer = new PacedProducer(a, topic, PARTITIONS, TOTAL, 100, 50)) {
      crashLeaderMidStream(crashed, crashed == a ? topic : remote, producer);
      producer.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      StreamAudit.assertNothingMissing(
          "cluster " + crashed.name() + " broker crash", producer, b, remote, WAIT);
    }
  }

  private static Topology topology(String topic) {
    return TestFlows.topology(
        TestFlows.flow("A", "B")
            .topics(topic)
            .replicationFactor(3)
            .refresh(Duration.ofSeconds(1))
            .build());
  }

  private static void createSourceTopic(String topic) throws Exception {
    try (Admin admin = Admin.create(a.clientProperties())) {
      Records.createTopic(admin, topic, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
    }
  }

  /**
   * Once some records are mirrored, kills the broker of {@code cluster} that leads partition 0 of
   * {@code topic}, waits until mirroring has gone on without it, and restarts it.
   */
  private static void crashLeaderMidStream(
      EmbeddedKafkaCluster cluster, String topic, PacedProducer producer) throws Exception {
    String remote = "A." + producer.topic();
    await().atMost(WAIT).until(() -> Records.endOffsetTotal(b, remote) >= 2_000);
    int victim = Records.partitions(cluster, topic).get(0).leader().id();
    cluster.killBroker(victim);
    long atKill = Records.endOffsetTotal(b, remote);
    LOG.info(
        "cluster {} broker {} killed: {} records produced, {} on the target",
        cluster.name(),
        victim,
        producer.produced(),
        atKill);
    assertThat(producer.produced()).isLessThan(TOTAL);

    await().atMost(WAIT).until(() -> Records.endOffsetTotal(b, remote) >= atKill + 3_000);
    cluster.restartBroker(victim);
    LOG.info(
        "cluster {} broker {} restarted: {} records produced, {} on the target",
        cluster.name(),
        victim,
        producer.produced(),
        Records.endOffsetTotal(b, remote));
  }
}

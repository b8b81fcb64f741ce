package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.PacedProducer;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.StreamAudit;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crashes and scale-out on one pair of clusters: nothing acknowledged on the source may go missing
 * on the target; duplicates are allowed (at-least-once) and reported.
 */
@ExtendWith(KafkaClusterExtension.class)
class ResilienceIT {

  private static final Logger LOG = LoggerFactory.getLogger(ResilienceIT.class);
  private static final FlowId FLOW = new FlowId("A", "B");
  private static final int PARTITIONS = 8;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  /** A short session timeout, so a crashed instance's partitions move on within seconds. */
  private static Topology topology(String topics) {
    return TestFlows.topology(
        TestFlows.flow("A", "B")
            .topics(topics)
            .refresh(Duration.ofSeconds(1))
            .consumer(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"))
            .build());
  }

  @Test
  void abruptKillMidStreamThenRestartLosesNothing() throws Exception {
    // Given 100k records flowing into the source while a replicator mirrors them
    Records.createTopic(clusters.adminA(), "crash-stream", PARTITIONS, Map.of());
    int total = 100_000;
    Replicators first = Replicators.start(topology("crash-.*"), clusters);
    try (PacedProducer producer =
        new PacedProducer(clusters.a(), "crash-stream", PARTITIONS, total, 1000, 40)) {
      // When the replicator is killed without draining, part-way through
      await()
          .atMost(WAIT)
          .until(() -> Records.endOffsetTotal(clusters.b(), "A.crash-stream") >= 30_000);
      long atCrash = Records.endOffsetTotal(clusters.b(), "A.crash-stream");
      first.crash();
      LOG.info("crash: target had {} records, {} produced so far", atCrash, producer.produced());
      assertThat(atCrash).isLessThan(total);

      // And a new one starts on the same file
      try (Replicators second = Replicators.start(topology("crash-.*"), clusters)) {
        producer.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // Then every record arrives, in order per partition
        StreamAudit.assertNothingMissing(
            "abrupt kill", producer, clusters.b(), "A.crash-stream", WAIT);
      }
    }
  }

  @Test
  void twoInstancesShareAFlowAndOneSurvivesTheOthersDeath() throws Exception {
    // Given two replicator processes running the same file
    Records.createTopic(clusters.adminA(), "shared-stream", PARTITIONS, Map.of());
    int total = 60_000;
    try (Replicators one = Replicators.start(topology("shared-.*"), clusters);
        Replicators two = Replicators.start(topology("shared-.*"), clusters);
        PacedProducer producer =
            new PacedProducer(clusters.a(), "shared-stream", PARTITIONS, total, 500, 40)) {
      // Then both take a share of the partitions
      await()
          .atMost(WAIT)
          .until(
              () ->
                  one.replicator().counters(FLOW).recordsSent() > 0
                      && two.replicator().counters(FLOW).recordsSent() > 0);
      long twoBefore = two.replicator().counters(FLOW).recordsSent();

      // When one dies abruptly mid-stream
      one.crash();
      producer.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      // Then the survivor takes over its partitions and nothing is missing
      StreamAudit.assertNothingMissing(
          "instance death", producer, clusters.b(), "A.shared-stream", WAIT);
      assertThat(two.replicator().counters(FLOW).recordsSent()).isGreaterThan(twoBefore);
    }
  }
}

package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A process restarted after a crash (no leave, dynamic membership) owns no partition until the
 * group drops the dead member at the end of its session: it says so once, {@code
 * event=waiting-for-partitions}, and {@code event=partitions-assigned} when they arrive, then
 * mirrors on.
 */
@ExtendWith(KafkaClusterExtension.class)
class WaitingForPartitionsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void aRestartWaitingForTheGroupSaysSoOnceAndThenWhenThePartitionsArrive() throws Exception {
    // Given a flow that mirrored 5 records and then crashed, leaving its member in the group
    Records.createTopic(clusters.adminA(), "held", 1, Map.of());
    Records.produceSample(clusters.a(), "A", "held", 1, 0, 5);
    Topology topology =
        TestFlows.topology(
            TestFlows.flow("A", "B").topics("held").refresh(Duration.ofSeconds(1)).build());
    Replicators crashed = Replicators.start(topology, clusters);
    Records.readExactly(clusters.b(), "A.held", 5, WAIT);
    crashed.crash();

    try (LogCapture log = LogCapture.start()) {
      // When a new process starts while the dead member still holds the partition
      try (Replicators restarted = Replicators.start(topology, clusters)) {
        await()
            .atMost(WAIT)
            .until(() -> log.text().contains("flow=A->B event=partitions-assigned partitions=1"));
        Records.produceSample(clusters.a(), "A", "held", 1, 5, 5);
        Records.readExactly(clusters.b(), "A.held", 10, WAIT);
      }

      // Then the wait was said once, named the topics and the cause, before the assignment
      String text = log.text();
      String waiting =
          "flow=A->B event=waiting-for-partitions topics=1 reason=\"the consumer group has not"
              + " assigned this process any partition yet; after a crash Kafka holds them for the"
              + " dead member until its session times out";
      assertThat(count(text, "event=waiting-for-partitions")).isEqualTo(1);
      // (the worker's own partitions-assigned line names the partitions: [held-0])
      String assigned = "flow=A->B event=partitions-assigned partitions=1";
      assertThat(count(text, assigned)).isEqualTo(1);
      assertThat(text.indexOf(waiting)).isNotNegative().isLessThan(text.indexOf(assigned));
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

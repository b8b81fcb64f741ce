package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.OffsetFlows;
import io.kmirror.replicator.testing.Records;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two processes running one flow: exactly one writes its checkpoints, and the other takes over when
 * it dies.
 */
@ExtendWith(KafkaClusterExtension.class)
class FlowLeaderIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  private static void commit(String group, long p0, long p1) throws Exception {
    Records.commit(
        clusters.adminA(),
        group,
        Map.of(new TopicPartition("shared", 0), p0, new TopicPartition("shared", 1), p1));
  }

  @Test
  void oneOfTwoProcessesWritesTheCheckpointsAndTheOtherTakesOverWhenItDies() throws Exception {
    // Given a mirrored topic and a group committed on A
    Records.createTopic(clusters.adminA(), "shared", 2, Map.of());
    Records.produceSample(clusters.a(), "A", "shared", 2, 0, 100);
    commit("g-shared", 20, 10);
    Flow flow = OffsetFlows.flow("shared", "g-shared");
    try (OffsetFlows one = OffsetFlows.start(flow, clusters)) {
      // When one process runs the flow, it leads and checkpoints the group
      awaitCheckpointed(20, 10);
      assertThat(status(one).leading()).isTrue();

      try (OffsetFlows two = OffsetFlows.start(flow, clusters)) {
        // Then a second process joining the election leaves the leadership where it is
        await().atMost(WAIT).until(() -> electionMembers() == 2);
        assertThat(status(one).leading()).isTrue();
        assertThat(status(two).leading()).isFalse();

        // And when the group moves on A, only the leader checkpoints it: every checkpoint on B
        // is one the leader wrote
        commit("g-shared", 40, 30);
        awaitCheckpointed(40, 30);
        await().atMost(WAIT).until(() -> checkpointRecords() == status(one).checkpointsWritten());
        assertThat(status(two).checkpointsWritten()).isZero();
        long byOne = status(one).checkpointsWritten();

        // And when the leader dies, the other takes over and checkpoints where the group now is
        one.crash();
        commit("g-shared", 50, 45);
        awaitCheckpointed(50, 45);
        assertThat(status(two).leading()).isTrue();
        await()
            .atMost(WAIT)
            .until(() -> checkpointRecords() == byOne + status(two).checkpointsWritten());
      }
    }
  }

  /** Waits until B's checkpoints of g-shared, read through Apache's library, are exact. */
  private static void awaitCheckpointed(long p0, long p1) {
    OnTarget.awaitCheckpointed(
        clusters,
        "g-shared",
        Map.of(new TopicPartition("A.shared", 0), p0, new TopicPartition("A.shared", 1), p1),
        WAIT);
  }

  private static long checkpointRecords() throws Exception {
    return Records.endOffsetTotal(clusters.b(), "A.checkpoints.internal");
  }

  private static OffsetStatus status(OffsetFlows flows) {
    return flows.replicator().offsetStatus(OffsetFlows.flow("shared", "g-shared").id());
  }

  /** Members of the flow's election group on B. */
  private static int electionMembers() throws Exception {
    String group = "kmirror-A-B-leader";
    return clusters
        .adminB()
        .describeConsumerGroups(List.of(group))
        .describedGroups()
        .get(group)
        .get(30, TimeUnit.SECONDS)
        .members()
        .size();
  }
}

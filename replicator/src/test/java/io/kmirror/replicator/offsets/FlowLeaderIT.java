package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
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
    // Given a mirrored topic and a group committed on A, and two processes running the flow
    Records.createTopic(clusters.adminA(), "shared", 2, Map.of());
    Records.produceSample(clusters.a(), "A", "shared", 2, 0, 100);
    commit("g-shared", 20, 10);
    Flow flow = OffsetFlows.flow("shared", "g-shared");
    String checkpoints = "A.checkpoints.internal";
    try (OffsetFlows one = OffsetFlows.start(flow, clusters)) {
      // When one process runs it, it leads and checkpoints both partitions
      await()
          .atMost(WAIT)
          .until(() -> status(one).leading() && status(one).checkpointsWritten() == 2);

      try (OffsetFlows two = OffsetFlows.start(flow, clusters)) {
        // Then a second process joining the election leaves the leadership where it is
        await().atMost(WAIT).until(() -> electionMembers() == 2);
        assertThat(status(one).leading()).isTrue();
        assertThat(status(two).leading()).isFalse();
        OffsetFlows leader = one;
        OffsetFlows standby = two;

        // When the group moves on A
        commit("g-shared", 40, 30);

        // Then the leader alone writes the new checkpoints: the topic holds exactly its four
        await().atMost(WAIT).until(() -> status(leader).checkpointsWritten() == 4);
        assertThat(status(standby).checkpointsWritten()).isZero();
        assertThat(status(standby).leading()).isFalse();
        assertThat(Records.endOffsetTotal(clusters.b(), checkpoints)).isEqualTo(4);

        // And when the leader dies, the other takes over and checkpoints where the group now is
        leader.crash();
        commit("g-shared", 50, 45);
        await()
            .atMost(WAIT)
            .until(() -> status(standby).leading() && status(standby).checkpointsWritten() == 2);
        assertThat(Records.endOffsetTotal(clusters.b(), checkpoints)).isEqualTo(6);
      }
    }
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

package io.kmirror.replicator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.KmirrorProcess;
import io.kmirror.replicator.testing.Records;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two {@code kmirror run} child processes share one flow with checkpoints and target group sync;
 * the one elected for the group work is killed with SIGKILL, and the other takes the work over: the
 * group's offsets on the target reach where the group now is on the source, and no commit the test
 * sees on the target, before, during or after the hand-over, ever goes back.
 */
@ExtendWith(KafkaClusterExtension.class)
class LeaderHandOverIT {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderHandOverIT.class);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String GROUP = "g-handover";
  private static final TopicPartition S0 = new TopicPartition("handover", 0);
  private static final TopicPartition S1 = new TopicPartition("handover", 1);
  private static final TopicPartition R0 = new TopicPartition("A.handover", 0);
  private static final TopicPartition R1 = new TopicPartition("A.handover", 1);

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void whenTheLeaderIsKilledTheOtherProcessSyncsTheGroupOnAndNoCommittedOffsetGoesBack(
      @TempDir Path tmp) throws Exception {
    // Given a mirrored topic, a group committed on A, and two processes running the flow
    Records.createTopic(clusters.adminA(), "handover", 2, Map.of());
    Records.produceSample(clusters.a(), "A", "handover", 2, 0, 400);
    Records.commit(clusters.adminA(), GROUP, Map.of(S0, 20L, S1, 10L));
    Path topology = topology(tmp);
    List<String> regressions = new ArrayList<>();
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    try (KmirrorProcess one =
            KmirrorProcess.deployed(
                    topology,
                    Files.createDirectories(tmp.resolve("one")),
                    Map.of("KMIRROR_INSTANCE_ID", "one"))
                .start();
        KmirrorProcess two =
            KmirrorProcess.deployed(
                    topology,
                    Files.createDirectories(tmp.resolve("two")),
                    Map.of("KMIRROR_INSTANCE_ID", "two"))
                .start()) {
      // Every commit on B is watched from now on: a value below an earlier one is a regression
      Map<TopicPartition, Long> highest = new HashMap<>();
      watcher.scheduleWithFixedDelay(
          () -> watch(highest, regressions), 0, 100, TimeUnit.MILLISECONDS);
      awaitOnTarget(Map.of(R0, 20L, R1, 10L));
      KmirrorProcess leader = await().atMost(WAIT).until(() -> leaderOf(one, two), l -> l != null);
      KmirrorProcess survivor = leader == one ? two : one;

      // And the group moves on A while the leader still leads
      Records.commit(clusters.adminA(), GROUP, Map.of(S0, 60L, S1, 40L));
      awaitOnTarget(Map.of(R0, 60L, R1, 40L));

      // When the leader is killed and the group moves on again
      leader.kill();
      long killed = System.nanoTime();
      Records.commit(clusters.adminA(), GROUP, Map.of(S0, 150L, S1, 120L));

      // Then the survivor takes the group work over and syncs the group to where it now is
      awaitOnTarget(Map.of(R0, 150L, R1, 120L));
      LOG.info(
          "group synced to B by the survivor {} ms after the leader's SIGKILL",
          (System.nanoTime() - killed) / 1_000_000);
      assertThat(survivor.log()).contains("event=group-work-leader");
      assertThat(survivor.isAlive()).isTrue();

      // And no offset the test saw committed on B ever went back
      watcher.shutdown();
      assertThat(watcher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      synchronized (regressions) {
        assertThat(regressions).isEmpty();
      }
    } finally {
      watcher.shutdownNow();
    }
  }

  /** Records every commit of the group on B that is below one seen before. */
  private static void watch(Map<TopicPartition, Long> highest, List<String> regressions) {
    try {
      Records.committed(clusters.adminB(), GROUP)
          .forEach(
              (tp, offset) -> {
                Long before = highest.merge(tp, offset, Math::max);
                if (before > offset) {
                  synchronized (regressions) {
                    regressions.add(tp + " went back from " + before + " to " + offset);
                  }
                }
              });
    } catch (Exception e) {
      // A look that failed sees nothing; the next one tries again.
    }
  }

  /** The process whose latest word on the election is that it leads, if one says so. */
  private static KmirrorProcess leaderOf(KmirrorProcess one, KmirrorProcess two) {
    if (leads(one)) {
      return one;
    }
    return leads(two) ? two : null;
  }

  private static boolean leads(KmirrorProcess kmirror) {
    String log = kmirror.log();
    return log.lastIndexOf("event=group-work-leader") > log.lastIndexOf("event=group-work-standby");
  }

  private static void awaitOnTarget(Map<TopicPartition, Long> expected) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> Records.committed(clusters.adminB(), GROUP).equals(expected));
  }

  private static Path topology(Path dir) throws IOException {
    List<String> lines =
        List.of(
            "clusters = A, B",
            "A.bootstrap.servers = " + clusters.a().bootstrapServers(),
            "B.bootstrap.servers = " + clusters.b().bootstrapServers(),
            "A->B.enabled = true",
            "A->B.topics = handover",
            "A->B.groups = g-.*",
            "A->B.emit.heartbeats.enabled = false",
            "A->B.emit.checkpoints.interval.seconds = 1",
            "A->B.sync.group.offsets.interval.seconds = 1",
            "A->B.refresh.groups.interval.seconds = 1",
            "kmirror.http.port = 0");
    Path file = dir.resolve("kmirror.properties");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}

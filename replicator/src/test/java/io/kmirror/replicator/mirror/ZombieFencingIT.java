package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.KmirrorProcess;
import io.kmirror.replicator.testing.PacedProducer;
import io.kmirror.replicator.testing.Records;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two {@code kmirror run} child processes share one exactly-once flow while traffic flows. One is
 * frozen with SIGSTOP (a zombie: sockets open, an open transaction on the target) until its
 * consumer session expires and the other gains its partitions; the gaining process fences it
 * ({@link ZombieFence}); then the zombie is let go on with SIGCONT, writes what it had, and tries
 * to commit. Its late writes never become visible: a {@code read_committed} reader of the target
 * sees every source record exactly once. A clean hand-over before that (the second process joining)
 * fences no one: the first process released the partitions in its last transaction.
 */
@ExtendWith(KafkaClusterExtension.class)
class ZombieFencingIT {

  private static final Logger LOG = LoggerFactory.getLogger(ZombieFencingIT.class);
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int PARTITIONS = 4;
  private static final int TOTAL = 40_000;

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void aPausedZombiesLateWritesNeverBecomeVisible(@TempDir Path tmp) throws Exception {
    Records.createTopic(clusters.adminA(), "zombie", PARTITIONS, Map.of());
    Path topology = topology(tmp);
    try (PacedProducer traffic =
            new PacedProducer(clusters.a(), "zombie", PARTITIONS, TOTAL, 100, 100);
        KmirrorProcess zombie = process(topology, tmp, "one").start()) {
      // Given one process mirroring, then a second one joining: a clean hand-over of half
      await().atMost(WAIT).until(() -> zombie.log().contains("event=partitions-assigned"));
      try (KmirrorProcess survivor = process(topology, tmp, "two").start()) {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    survivor.log().contains("event=partitions-assigned")
                        && zombie.log().contains("released=true"));
        assertThat(survivor.log())
            .as("a released partition needs no fencing")
            .doesNotContain("event=zombies-fenced");
        await().atMost(WAIT).until(() -> committedCount() > 0);

        // When the first one freezes mid-stream until its session expires and the second gains
        // its partitions
        zombie.pause();
        long paused = System.nanoTime();
        try {
          await()
              .atMost(WAIT)
              .pollInterval(Duration.ofMillis(200))
              .until(() -> assignments(survivor) >= 2);
        } finally {
          zombie.resume();
        }
        LOG.info(
            "zombie: frozen {} s until the survivor gained its partitions",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - paused));
        assertThat(survivor.log())
            .as("the survivor fenced the zombie before writing the partitions it gained")
            .contains("event=zombies-fenced");

        // And it goes on: whatever it wrote while it believed it owned them is refused
        await()
            .atMost(WAIT)
            .until(
                () ->
                    zombie.log().contains("event=producer-fenced")
                        || zombie.log().contains("event=partitions-lost"));
        traffic.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // Then read_committed on the target shows each source record exactly once
        List<ConsumerRecord<String, String>> target =
            Records.readCommitted(clusters.b(), "A.zombie", TOTAL, WAIT);
        Map<String, Integer> copies = new HashMap<>();
        target.forEach(r -> copies.merge(r.value(), 1, Integer::sum));
        long duplicates = copies.values().stream().mapToLong(c -> c - 1L).sum();
        LOG.info(
            "zombie: records={} distinct={} duplicates={} zombie-fenced-producer={}",
            target.size(),
            copies.size(),
            duplicates,
            zombie.log().contains("event=producer-fenced"));
        assertThat(duplicates).as("duplicates visible to read_committed").isZero();
        assertThat(copies).hasSize(TOTAL);
        assertThat(traffic.acknowledged()).hasSize(TOTAL);
      }
    }
  }

  /** How many times the process's worker was assigned partitions (its own log line). */
  private static long assignments(KmirrorProcess process) {
    return process.log().lines().filter(l -> l.contains("resumed-from-progress=")).count();
  }

  private static long committedCount() {
    try {
      return Records.readAll(clusters.b(), "A.zombie", true).size();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static KmirrorProcess process(Path topology, Path tmp, String id) throws IOException {
    return KmirrorProcess.deployed(
        topology, Files.createDirectories(tmp.resolve(id)), Map.of("KMIRROR_INSTANCE_ID", id));
  }

  private static Path topology(Path dir) throws IOException {
    List<String> lines =
        List.of(
            "clusters = A, B",
            "A.bootstrap.servers = " + clusters.a().bootstrapServers(),
            "B.bootstrap.servers = " + clusters.b().bootstrapServers(),
            "A->B.enabled = true",
            "A->B.topics = zombie",
            "A->B.emit.heartbeats.enabled = false",
            "A->B.emit.checkpoints.enabled = false",
            "A->B.sync.group.offsets.enabled = false",
            "kmirror.exactly.once.enabled = true",
            "kmirror.http.port = 0");
    Path file = dir.resolve("kmirror.properties");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}

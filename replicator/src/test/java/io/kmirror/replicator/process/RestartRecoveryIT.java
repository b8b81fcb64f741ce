package io.kmirror.replicator.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.KmirrorProcess;
import io.kmirror.replicator.testing.PacedProducer;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.StreamAudit;
import io.kmirror.topology.FlowId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crashed {@code kmirror run} process comes back in seconds, not a session timeout: kmirror runs
 * as a real child JVM (the shaded jar), is killed with SIGKILL under live load and restarted, and
 * its static group membership ({@code kmirror.instance.id}, here the host name {@code run} picks by
 * default) lets the new process take the partitions back at once. The session timeout is set to 30
 * s, so waiting for it would fail the bound. Two live instances with different ids still split the
 * partitions, and a dead one's partitions move to the survivor within its session timeout.
 *
 * <p>Every restart logs its timings (launch to first kmirror line, to worker start, to partitions
 * assigned, to the first new record on the target), the figures docs/replication.md records.
 */
@ExtendWith(KafkaClusterExtension.class)
class RestartRecoveryIT {

  private static final Logger LOG = LoggerFactory.getLogger(RestartRecoveryIT.class);
  private static final int PARTITIONS = 8;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration LONG_SESSION = Duration.ofSeconds(30);
  private static final FlowId FLOW = new FlowId("A", "B");

  @AutoClose private static ClusterPair clusters;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) {
    clusters = ClusterPair.open(first, second);
  }

  @Test
  void aKilledProcessRestartedWithItsInstanceIdMirrorsAgainLongBeforeItsSessionTimesOut(
      @TempDir Path tmp) throws Exception {
    // Given kmirror run in its own JVM, a 30 s session timeout, and 2,000 records/s on 8 partitions
    Records.createTopic(clusters.adminA(), "restart-stream", PARTITIONS, Map.of());
    Path topology =
        topology(
            tmp,
            "restart-.*",
            "A->B.consumer.session.timeout.ms = " + LONG_SESSION.toMillis(),
            "B.consumer.session.timeout.ms = " + LONG_SESSION.toMillis());
    int total = 160_000;
    List<Duration> recoveries = new ArrayList<>();
    Map<TopicPartition, Long> stored = new HashMap<>();
    try (PacedProducer producer =
        new PacedProducer(clusters.a(), "restart-stream", PARTITIONS, total, 100, 50)) {
      try (KmirrorProcess kmirror = KmirrorProcess.deployed(topology, tmp, Map.of()).start()) {
        awaitMirroring(kmirror, "A.restart-stream");
        for (int kill = 1; kill <= 3; kill++) {
          // When, once it has stored progress for every partition, it is killed with SIGKILL and
          // restarted a second later
          awaitStoredProgressPastLastKill(stored);
          kmirror.kill();
          await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
          Duration recovery;
          try (KafkaConsumer<String, String> tail = tailFromEnd("A.restart-stream")) {
            kmirror.start();

            // Then the first new record reaches the target well within half the session timeout
            recovery = firstNewRecord(kmirror, tail);
          }
          recoveries.add(recovery);
          logTimings(kill, kmirror, recovery);
          assertThat(recovery)
              .as("restart to first new record; log:%n%s", kmirror.log())
              .isLessThan(LONG_SESSION.dividedBy(2));
          assertThat(kmirror.log()).contains("instance-id=").doesNotContain("instance-id-in-use");
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      kmirror.lineWith("event=partitions-assigned").orElse("").contains("resumed"));
          assertThat(kmirror.lineWith("event=partitions-assigned"))
              .as("every partition resumes from its stored progress")
              .hasValueSatisfying(
                  line -> assertThat(line).contains("resumed-from-progress=" + PARTITIONS));
        }
        producer.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // And nothing the source acknowledged is missing, partition by partition
        StreamAudit.assertNothingMissing(
            "3 SIGKILLs", producer, clusters.b(), "A.restart-stream", WAIT);
        assertThat(distinctPerPartition("A.restart-stream")).isEqualTo(perPartition(producer));
      }
    }
    LOG.info(
        "restart to first new record over {} kills: median {} ms, max {} ms (all: {}); load: {}",
        recoveries.size(),
        median(recoveries).toMillis(),
        recoveries.stream().max(Duration::compareTo).orElseThrow().toMillis(),
        recoveries.stream().map(Duration::toMillis).toList(),
        load());
  }

  @Test
  void whenOneOfTwoInstancesDiesTheSurvivorOwnsEveryPartitionWithinTheSessionTimeout(
      @TempDir Path tmp) throws Exception {
    // Given two kmirror processes with their own instance ids, kmirror's default session timeout
    Records.createTopic(clusters.adminA(), "pair-stream", PARTITIONS, Map.of());
    Path topology = topology(tmp, "pair-.*");
    Duration session = Duration.ofSeconds(10);
    Duration heartbeat = Duration.ofSeconds(1);
    int total = 80_000;
    try (PacedProducer producer =
            new PacedProducer(clusters.a(), "pair-stream", PARTITIONS, total, 100, 50);
        KmirrorProcess one =
            KmirrorProcess.deployed(topology, dir(tmp, "one"), Map.of("KMIRROR_INSTANCE_ID", "one"))
                .start();
        KmirrorProcess two =
            KmirrorProcess.deployed(topology, dir(tmp, "two"), Map.of("KMIRROR_INSTANCE_ID", "two"))
                .start()) {
      // Then both share the partitions
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(() -> owners().keySet().containsAll(List.of("one-A-B-0", "two-A-B-0")));

      // When one dies and is not restarted
      one.kill();
      long killed = System.nanoTime();

      // Then the survivor owns all 8 partitions once the dead member's session has expired (plus
      // at most one heartbeat interval for the survivor to hear of the rebalance)
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                Map<String, Integer> owners = owners();
                return owners.size() == 1 && owners.getOrDefault("two-A-B-0", 0) == PARTITIONS;
              });
      Duration handOver = Duration.ofNanos(System.nanoTime() - killed);
      LOG.info(
          "survivor owns every partition {} ms after the other's death (session {} ms, heartbeat"
              + " {} ms); load: {}",
          handOver.toMillis(),
          session.toMillis(),
          heartbeat.toMillis(),
          load());
      assertThat(handOver).isLessThan(session.plus(heartbeat).plusSeconds(4));

      // And nothing is missing
      producer.done().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      StreamAudit.assertNothingMissing(
          "one of two killed", producer, clusters.b(), "A.pair-stream", WAIT);
      assertThat(distinctPerPartition("A.pair-stream")).isEqualTo(perPartition(producer));
      assertThat(two.isAlive()).isTrue();
    }
  }

  @Test
  void aSecondLiveProcessWithTheSameInstanceIdStopsTheFirstWithOneClearError(@TempDir Path tmp)
      throws Exception {
    // Given a kmirror process mirroring as instance "twin"
    Records.createTopic(clusters.adminA(), "twin-stream", PARTITIONS, Map.of());
    Records.produceSample(clusters.a(), "A", "twin-stream", PARTITIONS, 0, 100);
    Path topology = topology(tmp, "twin-.*");
    Map<String, String> twin = Map.of("KMIRROR_INSTANCE_ID", "twin");
    try (KmirrorProcess first =
        KmirrorProcess.deployed(topology, dir(tmp, "first"), twin).start()) {
      await().atMost(WAIT).until(() -> first.firstLine("event=partitions-assigned").isPresent());

      // When a second one starts with the same instance id
      try (KmirrorProcess second =
          KmirrorProcess.deployed(topology, dir(tmp, "second"), twin).start()) {
        await().atMost(WAIT).until(() -> second.firstLine("event=partitions-assigned").isPresent());

        // Then the first one's worker and election each log one error and stop, without retrying
        String line =
            "flow=A->B task=0 event=instance-id-in-use group=kmirror-A-B"
                + " group-instance-id=twin-A-B-0 action=\"this worker stops; another live process"
                + " runs with the same kmirror.instance.id: give each process its own"
                + " (KMIRROR_INSTANCE_ID)\"";
        await().atMost(WAIT).until(() -> first.log().contains(line));
        await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
        assertThat(count(first.log(), "event=instance-id-in-use")).isBetween(1, 2);
        assertThat(count(first.log(), "event=flow-started")).isEqualTo(1);
        assertThat(second.log()).doesNotContain("instance-id-in-use");
      }
    }
  }

  private static Path dir(Path tmp, String name) throws IOException {
    return Files.createDirectory(tmp.resolve(name));
  }

  private static Path topology(Path dir, String topics, String... more) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("clusters = A, B");
    lines.add("A.bootstrap.servers = " + clusters.a().bootstrapServers());
    lines.add("B.bootstrap.servers = " + clusters.b().bootstrapServers());
    lines.add("A->B.enabled = true");
    lines.add("A->B.topics = " + topics);
    lines.add("A->B.emit.heartbeats.enabled = false");
    lines.add("kmirror.http.port = 0");
    lines.addAll(List.of(more));
    Path file = dir.resolve("kmirror.properties");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static void awaitMirroring(KmirrorProcess kmirror, String remote) {
    long before = Records.endOffsetTotal(clusters.b(), remote);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Records.endOffsetTotal(clusters.b(), remote) > before + 1000);
  }

  /**
   * Waits until kmirror has stored progress for every partition beyond {@code stored}, the values
   * seen before the last kill, and keeps the new ones there.
   */
  private static void awaitStoredProgressPastLastKill(Map<TopicPartition, Long> stored) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Map<TopicPartition, Long> now = new HashMap<>();
              for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition("restart-stream", p);
                now.put(tp, Records.storedProgress(clusters.b(), FLOW, tp));
              }
              boolean moved =
                  now.entrySet().stream()
                      .allMatch(e -> e.getValue() > stored.getOrDefault(e.getKey(), 0L));
              if (moved) {
                stored.putAll(now);
              }
              return moved;
            });
  }

  /** A reader of every partition of {@code remote} on the target, positioned at its end now. */
  private static KafkaConsumer<String, String> tailFromEnd(String remote) {
    KafkaConsumer<String, String> tail = Records.consumer(clusters.b());
    List<TopicPartition> partitions =
        tail.partitionsFor(remote, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(remote, p.partition()))
            .toList();
    tail.assign(partitions);
    tail.seekToEnd(partitions);
    partitions.forEach(tail::position);
    return tail;
  }

  /** From the launch to the first record {@code tail} reads. */
  private static Duration firstNewRecord(
      KmirrorProcess kmirror, KafkaConsumer<String, String> tail) {
    await()
        .atMost(WAIT)
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(1))
        .until(() -> !tail.poll(Duration.ofMillis(50)).isEmpty());
    return Duration.between(kmirror.launched(), LocalTime.now());
  }

  private static void logTimings(int kill, KmirrorProcess kmirror, Duration recovery) {
    LOG.info(
        "kill {}: launch to first kmirror line {} ms, to worker started {} ms, to partitions"
            + " assigned {} ms, to group-work leader {} ms, to first new record on the target {}"
            + " ms; {}; {}; {}",
        kill,
        millis(kmirror.sinceLaunch("event=replicator-starting")),
        millis(kmirror.sinceLaunch("event=worker-started")),
        millis(kmirror.sinceLaunch("event=partitions-assigned")),
        millis(kmirror.sinceLaunch("event=group-work-leader")),
        recovery.toMillis(),
        kmirror.lineWith("event=replicator-starting").orElse(""),
        kmirror.lineWith("event=flow-started").orElse(""),
        kmirror.lineWith("event=partitions-assigned").orElse(""));
  }

  private static String millis(Optional<Duration> d) {
    return d.map(x -> Long.toString(x.toMillis())).orElse("-");
  }

  /** Group members of kmirror-A-B by instance id, with how many partitions each owns. */
  private static Map<String, Integer> owners() throws Exception {
    ConsumerGroupDescription group =
        clusters
            .adminA()
            .describeConsumerGroups(List.of("kmirror-A-B"))
            .describedGroups()
            .get("kmirror-A-B")
            .get(10, TimeUnit.SECONDS);
    Map<String, Integer> owners = new HashMap<>();
    for (MemberDescription member : group.members()) {
      owners.put(
          member.groupInstanceId().orElse(member.consumerId()),
          member.assignment().topicPartitions().size());
    }
    return owners;
  }

  private static Map<Integer, Long> distinctPerPartition(String remote) {
    return Records.readAll(clusters.b(), remote).stream()
        .collect(
            Collectors.groupingBy(
                ConsumerRecord::partition,
                Collectors.collectingAndThen(
                    Collectors.mapping(ConsumerRecord::key, Collectors.toSet()),
                    set -> (long) set.size())));
  }

  private static Map<Integer, Long> perPartition(PacedProducer producer) {
    return producer.acknowledged().stream()
        .collect(Collectors.groupingBy(seq -> seq % PARTITIONS, Collectors.counting()));
  }

  private static Duration median(Collection<Duration> all) {
    List<Duration> sorted = all.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

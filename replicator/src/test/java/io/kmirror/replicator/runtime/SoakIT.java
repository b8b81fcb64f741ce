package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.KmirrorProcess;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Scrape;
import io.kmirror.replicator.testing.SoakAudit;
import io.kmirror.replicator.testing.SoakTopic;
import io.kmirror.replicator.testing.SoakTraffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash-and-outage soak: continuous traffic on three topics (one with null keys, null values
 * and headers, one compacted, one written in source transactions with some aborted) while kmirror
 * runs as a real child process ({@code kmirror run}, its own JVM with a 256 MiB heap, as the
 * launcher gives it) and a driver does to it what production does: SIGKILL and restart, three
 * times; the target broker down for longer than kmirror's producer delivery timeout; the source
 * broker down for longer than the traffic's own delivery timeout.
 *
 * <p>At the end every record the source acknowledged (and every committed transaction) is on the
 * target with partition, key, value, timestamp and headers exactly as sent, first appearing in
 * source order per partition, and no aborted record is there. Duplicates are at-least-once's
 * re-sends after each kill: counted and printed, not failed, in at-least-once mode; with {@code
 * kmirror.exactly.once.enabled = true} the target is read with {@code read_committed} and a single
 * duplicate fails the soak. One summary line goes to the log (docs/replication.md quotes it).
 *
 * <p>About three minutes by default; {@code -Dkmirror.soak.rounds=N} repeats the whole fault cycle
 * N times for a longer soak.
 */
@ExtendWith(KafkaClusterExtension.class)
class SoakIT {

  private static final Logger LOG = LoggerFactory.getLogger(SoakIT.class);
  private static final int KILLS_PER_ROUND = 3;
  private static final Duration KMIRROR_DELIVERY_TIMEOUT = Duration.ofSeconds(12);
  private static final Duration TRAFFIC_DELIVERY_TIMEOUT = Duration.ofSeconds(8);
  private static final Duration WAIT = Duration.ofSeconds(180);

  private static EmbeddedKafkaCluster a;
  private static EmbeddedKafkaCluster b;
  private static boolean exactlyOnce;

  /**
   * Both modes, each on clusters of its own. At-least-once: duplicates counted, not failed.
   * Exactly-once: a {@code read_committed} reader of the target sees no duplicate either.
   */
  @ParameterizedTest(name = "exactly-once {0}")
  @ValueSource(booleans = {false, true})
  void killsAndBrokerOutagesLoseNoRecordAndAlterNone(
      boolean eos,
      @ClusterSpec(name = "A") EmbeddedKafkaCluster source,
      @ClusterSpec(name = "B") EmbeddedKafkaCluster target,
      @TempDir Path tmp)
      throws Exception {
    a = source;
    b = target;
    exactlyOnce = eos;
    try (Admin admin = Admin.create(a.clientProperties())) {
      for (SoakTopic t : SoakTopic.values()) {
        Records.createTopic(admin, t.topic(), t.partitions(), t.configs());
      }
    }
    Path topology = writeTopology(tmp);
    int rounds = Integer.getInteger("kmirror.soak.rounds", 1);
    List<Double> recoveries = new ArrayList<>();
    int kills;
    long base = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
    try (SoakTraffic traffic =
            SoakTraffic.start(a, base, 20, Duration.ofMillis(100), TRAFFIC_DELIVERY_TIMEOUT);
        KmirrorProcess kmirror = new KmirrorProcess(topology, logs(), List.of("-Xmx256m"));
        Admin targetAdmin = Admin.create(b.clientProperties())) {
      TargetCount onTarget = new TargetCount(targetAdmin);
      kmirror.start();
      try {
        kills = faults(rounds, kmirror, traffic, onTarget, recoveries);
      } catch (Throwable t) {
        LOG.error("soak failed; kmirror's logs are in target/soak-logs");
        throw t;
      }
      traffic.stop();
      List<SoakAudit> audits = awaitEverything(traffic, kmirror);
      String summary = summary(rounds, kills, kmirror.starts(), traffic, audits, recoveries);
      LOG.info("{}", summary);
      audits.forEach(audit -> assertThat(audit.clean()).as(audit.summary()).isTrue());
      if (exactlyOnce) {
        assertThat(audits.stream().mapToLong(SoakAudit::duplicates).sum())
            .as("duplicates visible to read_committed with exactly-once on: %s", summary)
            .isZero();
      }
      assertThat(traffic.failedSends())
          .as("the source outage made some of the traffic's sends fail (else it proved nothing)")
          .isPositive();
    }
  }

  private static int faults(
      int rounds,
      KmirrorProcess kmirror,
      SoakTraffic traffic,
      TargetCount onTarget,
      List<Double> recoveries)
      throws Exception {
    int kills = 0;
    onTarget.awaitGrowth(copying(), WAIT, kmirror);
    for (int round = 1; round <= rounds; round++) {
      for (int kill = 1; kill <= KILLS_PER_ROUND; kill++) {
        // Given kmirror copying under load, when it is killed and started again at once
        onTarget.awaitGrowth(2_000, WAIT, kmirror);
        kmirror.kill();
        kills++;
        long restarted = System.nanoTime();
        kmirror.start();
        // Then it copies new records again: how long that took is the recovery
        onTarget.awaitGrowth(copying(), WAIT, kmirror);
        recoveries.add((System.nanoTime() - restarted) / 1e9);
      }
      targetOutage(kmirror, onTarget);
      sourceOutage(traffic, kmirror, onTarget);
    }
    return kills;
  }

  /**
   * How much the target's end offsets must grow to show that kmirror copies again. One record in
   * at-least-once mode; with exactly-once, the end offsets also grow by the markers of the
   * transactions a restart aborts (one per partition), which copy nothing.
   */
  private static long copying() {
    return exactlyOnce ? 50 : 1;
  }

  /** Kept after the test (target/soak-logs), one pair of files per kmirror start. */
  private static Path logs() throws java.io.IOException {
    Path logs = Files.createDirectories(Path.of("target", "soak-logs"));
    try (java.util.stream.Stream<Path> old = Files.list(logs)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    return logs;
  }

  /**
   * The target broker down for longer than kmirror's delivery timeout, then up. The outage is
   * timed, not ended on kmirror's first produce error, and kmirror must have counted produce errors
   * meanwhile: a worker blocked in {@code send()} (up to {@code max.block.ms}, 5 s by kmirror's
   * default) counts the blocked send as a retriable send error.
   */
  private static void targetOutage(KmirrorProcess kmirror, TargetCount onTarget) throws Exception {
    int port = kmirror.httpPort(WAIT);
    double before = produceErrors(port);
    long stopped = System.nanoTime();
    Duration outage = KMIRROR_DELIVERY_TIMEOUT.plusSeconds(5);
    b.stopBroker(0);
    await()
        .atMost(outage.plus(WAIT))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> System.nanoTime() - stopped > outage.toNanos());
    double counted = produceErrors(port) - before;
    LOG.info(
        "soak: target down {} s; kmirror counted {} produce errors meanwhile",
        outage.toSeconds(),
        counted);
    b.restartBroker(0);
    assertThat(counted).as("produce errors counted while the target was down").isPositive();
    onTarget.awaitGrowth(copying(), WAIT, kmirror);
  }

  /** The source broker down until the traffic's sends have expired, then up. */
  private static void sourceOutage(
      SoakTraffic traffic, KmirrorProcess kmirror, TargetCount onTarget) throws Exception {
    int failedBefore = traffic.failedSends();
    a.stopBroker(0);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> traffic.failedSends() > failedBefore);
    a.restartBroker(0);
    onTarget.awaitGrowth(copying(), WAIT, kmirror);
  }

  private static double produceErrors(int port) throws Exception {
    return Scrape.from(port).value("kmirror_errors_total", Map.of("stage", "produce"));
  }

  private static List<SoakAudit> awaitEverything(SoakTraffic traffic, KmirrorProcess kmirror) {
    List<SoakAudit> audits = new ArrayList<>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              audits.clear();
              for (SoakTopic t : SoakTopic.values()) {
                audits.add(
                    SoakAudit.of(
                        t,
                        a,
                        b,
                        "A." + t.topic(),
                        traffic.base(),
                        traffic.required(t),
                        traffic.forbidden(t),
                        exactlyOnce));
              }
              assertThat(audits.stream().mapToLong(SoakAudit::missing).sum())
                  .as("records still missing; kmirror alive: %s", kmirror.isAlive())
                  .isZero();
            });
    return audits;
  }

  private static String summary(
      int rounds,
      int kills,
      int starts,
      SoakTraffic traffic,
      List<SoakAudit> audits,
      List<Double> recoveries) {
    long records = audits.stream().mapToLong(a -> a.copies().size()).sum();
    long missing = audits.stream().mapToLong(SoakAudit::missing).sum();
    long duplicates = audits.stream().mapToLong(SoakAudit::duplicates).sum();
    double maxRecovery = recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return String.format(
        "soak: exactly-once=%s rounds=%d kills=%d starts=%d target-outages=%d source-outages=%d records=%d"
            + " missing=%d duplicates=%d unknown-transactions=%d failed-source-sends=%d"
            + " max-recovery-seconds=%.1f recoveries=%s | %s",
        exactlyOnce,
        rounds,
        kills,
        starts,
        rounds,
        rounds,
        records,
        missing,
        duplicates,
        traffic.unknownTransactions(),
        traffic.failedSends(),
        maxRecovery,
        recoveries.stream().map(s -> String.format("%.1f", s)).collect(Collectors.toList()),
        audits.stream().map(SoakAudit::summary).collect(Collectors.joining("; ")));
  }

  private static Path writeTopology(Path tmp) throws Exception {
    Path file = tmp.resolve("soak.properties");
    String text =
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = " + a.bootstrapServers(),
            "B.bootstrap.servers = " + b.bootstrapServers(),
            "A->B.enabled = true",
            "A->B.topics = soak\\..*",
            "A->B.producer.request.timeout.ms = 5000",
            "A->B.producer.delivery.timeout.ms = " + KMIRROR_DELIVERY_TIMEOUT.toMillis(),
            "kmirror.http.port = 0",
            "kmirror.exactly.once.enabled = " + exactlyOnce,
            "");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The records on the target's copies of the soak topics, by end offsets (one admin call). */
  private static final class TargetCount {
    private final Admin admin;

    TargetCount(Admin admin) {
      this.admin = admin;
    }

    long now() {
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (SoakTopic t : SoakTopic.values()) {
        for (int p = 0; p < t.partitions(); p++) {
          latest.put(new TopicPartition("A." + t.topic(), p), OffsetSpec.latest());
        }
      }
      try {
        // Asked only once every copy exists: the admin client logs an ERROR per unknown topic.
        Set<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        if (!names.containsAll(latest.keySet().stream().map(TopicPartition::topic).toList())) {
          return -1;
        }
        return admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream()
            .mapToLong(info -> info.offset())
            .sum();
      } catch (Exception e) {
        // Not all copies exist yet, or the target is down: nothing counted.
        return -1;
      }
    }

    /** Waits until the target holds {@code records} more than it does now. */
    void awaitGrowth(long records, Duration wait, KmirrorProcess kmirror) {
      long from = Math.max(0, now());
      await()
          .atMost(wait)
          .pollInterval(Duration.ofMillis(100))
          .failFast("kmirror exited", () -> !kmirror.isAlive())
          .until(() -> now() >= from + records);
    }
  }
}

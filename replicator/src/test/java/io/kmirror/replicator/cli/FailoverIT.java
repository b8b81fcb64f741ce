package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.topology.TopologyParser;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmirror failover} against embedded clusters A and B with a running A->B flow (checkpoints
 * every second, group offset sync off so only failover moves groups on B): a dry run changes
 * nothing, a real run commits exactly the plan, an active group on B is refused and left alone, and
 * with A unreachable the last checkpoints on B are used.
 */
@ExtendWith(KafkaClusterExtension.class)
class FailoverIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = "fo-orders";
  private static final String REMOTE = "A.fo-orders";

  @TempDir static Path dir;
  @AutoClose private static ClusterPair clusters;
  @AutoClose private static Replicators replicator;
  private static Path file;

  @BeforeAll
  static void start(KafkaCluster first, KafkaCluster second) throws Exception {
    clusters = ClusterPair.open(first, second);
    file = topology(clusters.a().bootstrapServers(), "ap.properties");
    Records.createTopic(clusters.adminA(), TOPIC, 3, Map.of());
    Records.produceSample(clusters.a(), "A", TOPIC, 3, 0, 300);
    Records.createTopic(clusters.adminB(), "fb-orders", 1, Map.of());
    Records.produceSample(clusters.b(), "B", "fb-orders", 1, 0, 80);
    replicator = Replicators.start(new TopologyParser().parse(file).topology(), clusters);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> Records.endOffsetTotal(clusters.b(), REMOTE) == 300);
  }

  private static Path topology(String sourceBootstrap, String name) throws Exception {
    return topology(sourceBootstrap, clusters.b().bootstrapServers(), name);
  }

  private static Path topology(String aBootstrap, String bBootstrap, String name) throws Exception {
    Path path = dir.resolve(name);
    Files.writeString(
        path,
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = " + aBootstrap,
            "B.bootstrap.servers = " + bBootstrap,
            "A->B.enabled = true",
            "A->B.topics = fo-.*",
            "A->B.groups = g-.*",
            "B->A.enabled = true",
            "B->A.topics = fb-.*",
            "B->A.groups = g-.*",
            "refresh.topics.interval.seconds = 1",
            "refresh.groups.interval.seconds = 1",
            "emit.checkpoints.interval.seconds = 1",
            "emit.heartbeats.interval.seconds = 1",
            "sync.group.offsets.enabled = false",
            ""));
    return path;
  }

  @Test
  void aDryRunChangesNothingAndTheRealRunCommitsExactlyThePlan() throws Exception {
    // Given two groups on A, one of them with an older position already on B
    commitOnA("g-one", Map.of(0, 10L, 1, 50L, 2, 100L));
    commitOnA("g-two", Map.of(0, 0L, 1, 99L, 2, 1L));
    Records.commit(clusters.adminB(), "g-one", Map.of(remote(0), 5L));
    String[] args = {
      "failover",
      file.toString(),
      "--from",
      "A",
      "--to",
      "B",
      "--group",
      "g-one",
      "--group",
      "g-two"
    };

    // When the dry run is repeated until the index covers every position (it only reads)
    CommandRun[] dry = new CommandRun[1];
    await()
        .atMost(WAIT)
        .until(() -> (dry[0] = CommandRun.of(withDryRun(args))).status() == ExitCode.OK);

    // Then it showed the plan and B is untouched
    assertThat(dry[0].outLines())
        .anyMatch(l -> l.matches("\\s*g-one\\s+A\\.fo-orders\\s+1\\s+50\\s+50\\s+0\\s+exact"))
        .contains(
            "dry run: would commit 6 partition offset(s) of 2 group(s) on B; nothing was changed;"
                + " every partition exact");
    assertThat(onB("g-one")).isEqualTo(Map.of(0, 5L));
    assertThat(onB("g-two")).isEmpty();

    // When the real run follows
    CommandRun run = CommandRun.of(args);

    // Then B holds exactly the plan: a fresh remote topic has the source's offsets
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.outLines())
        .contains("committed 6 partition offset(s) of 2 group(s) on B; every partition exact");
    assertThat(onB("g-one")).isEqualTo(Map.of(0, 10L, 1, 50L, 2, 100L));
    assertThat(onB("g-two")).isEqualTo(Map.of(0, 0L, 1, 99L, 2, 1L));
  }

  @Test
  void aGroupActiveOnTheTargetIsRefusedAndLeftAlone() throws Exception {
    // Given a group consuming on B, and an idle one
    commitOnA("g-busy", Map.of(0, 20L));
    commitOnA("g-idle", Map.of(0, 30L));
    try (KafkaConsumer<String, String> member = join("g-busy")) {
      // When both fail over
      CommandRun[] run = new CommandRun[1];
      await()
          .atMost(WAIT)
          .until(
              () ->
                  (run[0] =
                          CommandRun.of(
                              "failover",
                              file.toString(),
                              "--from",
                              "A",
                              "--to",
                              "B",
                              "--group",
                              "g-busy",
                              "--group",
                              "g-idle"))
                      .out()
                      .contains("committed 1 partition offset(s) of 1 group(s)"));

      // Then the active one is named, not committed, and the run exits 1
      assertThat(run[0].status()).isEqualTo(ExitCode.FAILURE);
      assertThat(run[0].outLines())
          .contains(
              "refused: group g-busy has 1 active member(s) on B; stop its consumers there first"
                  + " (nothing committed for it)",
              "group g-busy refused: active on B");
      assertThat(onB("g-busy")).isEmpty();
      assertThat(onB("g-idle")).isEqualTo(Map.of(0, 30L));
    }
  }

  @Test
  void withTheSourceUnreachableTheLastCheckpointsOnTheTargetAreUsed() throws Exception {
    // Given a group whose position B's checkpoints (read by MM2's own library) show
    commitOnA("g-cp", Map.of(0, 42L, 1, 7L));
    Map<String, Object> bProps = Map.copyOf(clusters.b().clientProperties());
    await()
        .atMost(WAIT)
        .until(
            () ->
                RemoteClusterUtils.translateOffsets(bProps, "A", "g-cp", Duration.ofSeconds(10))
                    .equals(
                        Map.of(
                            remote(0),
                            new OffsetAndMetadata(42),
                            remote(1),
                            new OffsetAndMetadata(7))));

    // When failover runs with A at an address where nothing answers
    Path down = topology("127.0.0.1:9", "a-down.properties");
    CommandRun run =
        CommandRun.of(
            "failover",
            down.toString(),
            "--from",
            "A",
            "--to",
            "B",
            "--group",
            "g-cp",
            "--source-timeout",
            "2");

    // Then it says so, plans from the checkpoints, and commits them
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.outLines())
        .anyMatch(
            l ->
                l.startsWith("plan A->B: source A UNREACHABLE within 2 s (")
                    && l.contains("); using the last checkpoints on B (as of "));
    assertThat(onB("g-cp")).isEqualTo(Map.of(0, 42L, 1, 7L));
  }

  @Test
  void aLiveDrillVerifiesEveryGroupOnTheTargetByContent() throws Exception {
    // Given a group on A in the middle, at the start and at the end of the three partitions
    commitOnA("g-live", Map.of(0, 60L, 1, 0L, 2, 100L));
    Path base = dir.resolve("live");

    // When a drill runs on the live clusters (A keeps running)
    CommandRun run =
        CommandRun.of(
            "drill",
            file.toString(),
            "--from",
            "A",
            "--to",
            "B",
            "--groups",
            "g-live",
            "--report",
            base.toString());

    // Then the group resumed on B right after its last committed record on every partition
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    JsonObject report = new JsonObject(Files.readString(dir.resolve("live.json")));
    assertThat(report.getString("mode")).isEqualTo("live");
    assertThat(report.getBoolean("sourceReachableAtFailover")).isTrue();
    JsonObject group = report.getJsonArray("groups").getJsonObject(0);
    assertThat(group.getString("group")).isEqualTo("g-live");
    assertThat(group.getLong("reRead")).as(group.encode()).isZero();
    assertThat(group.getLong("skipped")).as(group.encode()).isZero();
    assertThat(group.getJsonArray("partitions")).hasSize(3);
    assertThat(onB("g-live")).isEqualTo(Map.of(0, 60L, 1, 0L, 2, 100L));
  }

  @Test
  void aDrillFailsWhenAGroupCannotFailOver() throws Exception {
    // Given a group whose consumers are running on B
    commitOnA("g-stuck", Map.of(0, 10L));
    try (KafkaConsumer<String, String> member = join("g-stuck")) {
      // When a live drill includes it
      Path base = dir.resolve("stuck");
      CommandRun run =
          CommandRun.of(
              "drill",
              file.toString(),
              "--from",
              "A",
              "--to",
              "B",
              "--groups",
              "g-stuck",
              "--report",
              base.toString());

      // Then the drill fails and the report says why
      assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.FAILURE);
      assertThat(run.outLines()).contains("drill A->B (live): FAILED");
      JsonObject report = new JsonObject(Files.readString(dir.resolve("stuck.json")));
      assertThat(report.getBoolean("passed")).isFalse();
      assertThat(
              report
                  .getJsonArray("groups")
                  .getJsonObject(0)
                  .getJsonArray("partitions")
                  .getJsonObject(0)
                  .getString("note"))
          .isEqualTo("refused: the group has active members on B");
      assertThat(onB("g-stuck")).isEmpty();
    }
  }

  @Test
  void failbackMovesGroupsThroughTheReverseFlowAndCarriesPositionsOnTheCopyBack() throws Exception {
    // Given A's fo-home copied to B's A.fo-home after 4 records of another writer on each
    // partition, so that the copy's offsets are the original's plus 4
    Records.createTopic(clusters.adminB(), "A.fo-home", 2, Map.of());
    Records.produceSample(clusters.b(), "X", "A.fo-home", 2, 0, 8);
    Records.createTopic(clusters.adminA(), "fo-home", 2, Map.of());
    Records.produceSample(clusters.a(), "A", "fo-home", 2, 0, 40);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> Records.endOffsetTotal(clusters.b(), "A.fo-home") == 48);

    // And a group on B that consumed B's own topic (which B->A mirrors to A as B.fb-orders), 8
    // records of the copy's partition 0 and all 20 of its partition 1
    Records.commit(
        clusters.adminB(),
        "g-back",
        Map.of(
            new TopicPartition("fb-orders", 0), 33L,
            new TopicPartition("A.fo-home", 0), 12L,
            new TopicPartition("A.fo-home", 1), 24L));
    String[] args = {"failback", file.toString(), "--from", "B", "--to", "A", "--group", "g-back"};

    // When a dry run is repeated until both flows' indexes cover every position (it only reads)
    CommandRun[] dry = new CommandRun[1];
    await()
        .atMost(WAIT)
        .until(
            () ->
                (dry[0] = CommandRun.of(withDryRun(args))).status() == ExitCode.OK
                    && dry[0].outLines().stream().anyMatch(l -> l.matches(row("0", 12, 8)))
                    && dry[0].outLines().stream().anyMatch(l -> l.matches(row("1", 24, 20))));

    // Then the copy's positions are planned on A's originals beside the reverse flow's row, and A
    // is untouched
    assertThat(dry[0].outLines())
        .anyMatch(l -> l.matches("\\s*g-back\\s+B\\.fb-orders\\s+0\\s+33\\s+33\\s+0\\s+exact"))
        .contains(
            "dry run: would commit 3 partition offset(s) of 1 group(s) on A; nothing was changed;"
                + " every partition exact");
    assertThat(onA("g-back")).isEmpty();

    // When it fails back for real
    CommandRun run = CommandRun.of(args);

    // Then A holds the group's position on the reverse flow's copy and on A's originals: the
    // source offset of the next record the group had not read on B, on each partition
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.outLines())
        .contains("committed 3 partition offset(s) of 1 group(s) on A; every partition exact");
    assertThat(onA("g-back"))
        .isEqualTo(
            Map.of(
                new TopicPartition("B.fb-orders", 0), 33L,
                new TopicPartition("fo-home", 0), 8L,
                new TopicPartition("fo-home", 1), 20L));
    ConsumerRecord<String, String> nextOnA =
        recordAt(clusters.a(), new TopicPartition("fo-home", 0), 8);
    ConsumerRecord<String, String> nextOnB =
        recordAt(clusters.b(), new TopicPartition("A.fo-home", 0), 12);
    assertThat(nextOnA.key()).isEqualTo(nextOnB.key()).isEqualTo("k16");
    assertThat(nextOnA.value()).isEqualTo(nextOnB.value()).isEqualTo("A/fo-home/16");
    try (KafkaConsumer<String, String> reader = Records.consumer(clusters.a())) {
      TopicPartition all = new TopicPartition("fo-home", 1);
      assertThat(reader.endOffsets(List.of(all))).as("read to the end").containsEntry(all, 20L);
    }
  }

  @Test
  void failbackWithItsSourceUnreachableSaysWhyPositionsOnTheCopyStayBehind() throws Exception {
    // Given a group on B with a position on B's own topic and one on B's copy of A's fo-orders,
    // and B->A's checkpoint of the first on A (read by MM2's own library)
    Records.commit(
        clusters.adminB(),
        "g-away",
        Map.of(new TopicPartition("fb-orders", 0), 20L, remote(0), 5L));
    Map<String, Object> aProps = Map.copyOf(clusters.a().clientProperties());
    TopicPartition copyOnA = new TopicPartition("B.fb-orders", 0);
    await()
        .atMost(WAIT)
        .until(
            () ->
                RemoteClusterUtils.translateOffsets(aProps, "B", "g-away", Duration.ofSeconds(10))
                    .equals(Map.of(copyOnA, new OffsetAndMetadata(20))));

    // When failback runs with B at an address where nothing answers
    Path down = topology(clusters.a().bootstrapServers(), "127.0.0.1:9", "b-down.properties");
    CommandRun run =
        CommandRun.of(
            "failback",
            down.toString(),
            "--from",
            "B",
            "--to",
            "A",
            "--group",
            "g-away",
            "--source-timeout",
            "2",
            "--dry-run");

    // Then the checkpointed position is planned, and one line says why the copy's is not
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.outLines())
        .anyMatch(l -> l.matches("\\s*g-away\\s+B\\.fb-orders\\s+0\\s+20\\s+20\\s+\\?\\s+exact"))
        .contains(
            "return path A->B: skipped: B is unreachable, and only B has the groups' positions on"
                + " its copies of A's topics and kmirror's index to translate them; run failback"
                + " again once it answers")
        .noneMatch(l -> l.contains("fo-orders"));
    assertThat(onA("g-away")).isEmpty();
  }

  /** A plan line of g-back on A's fo-home: committed on B's copy, translated, exact. */
  private static String row(String partition, long committed, long translated) {
    return "\\s*g-back\\s+fo-home\\s+"
        + partition
        + "\\s+"
        + committed
        + "\\s+"
        + translated
        + "\\s+0\\s+exact";
  }

  private static Map<TopicPartition, Long> onA(String group) throws Exception {
    return Records.committed(clusters.adminA(), group);
  }

  /** The record at {@code offset} of {@code tp}, read without a group. */
  private static ConsumerRecord<String, String> recordAt(
      KafkaCluster cluster, TopicPartition tp, long offset) {
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> reader = Records.consumer(cluster)) {
      reader.assign(List.of(tp));
      reader.seek(tp, offset);
      await()
          .atMost(WAIT)
          .pollInSameThread()
          .until(
              () -> {
                reader.poll(Duration.ofMillis(200)).forEach(found::add);
                return !found.isEmpty();
              });
    }
    assertThat(found.get(0).offset()).isEqualTo(offset);
    return found.get(0);
  }

  private static String[] withDryRun(String[] args) {
    String[] dry = java.util.Arrays.copyOf(args, args.length + 1);
    dry[args.length] = "--dry-run";
    return dry;
  }

  private static TopicPartition remote(int partition) {
    return new TopicPartition(REMOTE, partition);
  }

  private static void commitOnA(String group, Map<Integer, Long> offsets) throws Exception {
    Map<TopicPartition, Long> commits = new HashMap<>();
    offsets.forEach((p, x) -> commits.put(new TopicPartition(TOPIC, p), x));
    Records.commit(clusters.adminA(), group, commits);
  }

  private static Map<Integer, Long> onB(String group) throws Exception {
    Map<Integer, Long> offsets = new TreeMap<>();
    Records.committed(clusters.adminB(), group).forEach((tp, x) -> offsets.put(tp.partition(), x));
    return offsets;
  }

  /** A consumer that joins {@code group} on B and stays a member until closed; never commits. */
  private static KafkaConsumer<String, String> join(String group) {
    Map<String, Object> config = new HashMap<>(clusters.b().clientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(REMOTE));
    await()
        .atMost(WAIT)
        .pollInSameThread()
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200));
              return !consumer.assignment().isEmpty();
            });
    return consumer;
  }
}

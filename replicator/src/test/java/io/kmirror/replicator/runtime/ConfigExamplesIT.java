package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.Provenance;
import io.kmirror.replicator.testing.ConfigExamples;
import io.kmirror.replicator.testing.Mirrored;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each shipped file in {@code config-examples/}, parsed by the real parser and run as is (only the
 * refresh interval shortened), its clusters played by this class's three clusters: records produced
 * on every source arrive exactly on every target, and nothing else appears anywhere.
 *
 * <p>Every example writes {@link #WAVE} records per topic before the replicator starts and as many
 * while it runs. Topics are deleted after each test, so the clusters are reused.
 */
@ExtendWith(KafkaClusterExtension.class)
class ConfigExamplesIT {

  private static final Map<String, String> FAST_REFRESH =
      Map.of("refresh.topics.interval.seconds", "1");
  private static final int WAVE = 20;
  private static final int PER_TOPIC = 2 * WAVE;
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Two refresh intervals and several progress writes: long enough for a loop or extra to show. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private static KafkaCluster x;
  private static KafkaCluster y;
  private static KafkaCluster z;

  @BeforeAll
  static void clusters(
      @ClusterSpec(name = "X") KafkaCluster first,
      @ClusterSpec(name = "Y") KafkaCluster second,
      @ClusterSpec(name = "Z", brokers = 3) EmbeddedKafkaCluster third) {
    x = first;
    y = second;
    z = third;
  }

  @AfterEach
  void deleteEveryTopic() throws Exception {
    for (KafkaCluster cluster : List.of(x, y, z)) {
      try (Admin admin = Admin.create(cluster.clientProperties())) {
        admin.deleteTopics(admin.listTopics().names().get()).all().get();
        await().atMost(WAIT).until(() -> admin.listTopics().names().get().isEmpty());
      }
    }
  }

  @Test
  void activePassiveExampleCopiesTheChosenTopicsToDrAndNothingElse() throws Exception {
    // Given the shipped active-passive file, primary played by X and dr by the 3-broker Z
    Topology topology = ConfigExamples.load("active-passive.properties", FAST_REFRESH);
    Map<String, Integer> mirrored = topics("orders.eu", 3, "payments", 2, "customers", 1);
    Map<String, Integer> onPrimary =
        with(mirrored, topics("orders.tmp", 1, "orders-scratch", 1, "audit", 1));
    Source primary = new Source(x, "primary", onPrimary);
    firstWave(primary);

    try (Replicators replicator = Replicators.start(topology, Map.of("primary", x, "dr", z))) {
      // When more records arrive while it runs
      secondWave(primary);

      // Then dr holds primary.<topic> for each mirrored topic, record for record
      assertCopied(x, z, "primary.", mirrored);

      // And nothing else appears on either cluster, however many refreshes pass
      assertSettled(
          Map.of(
              z, contents(counts("primary.", mirrored), "primary.heartbeats"),
              x, contents(counts("", onPrimary), "heartbeats")));

      // And every topic kmirror made on dr, copies and bookkeeping, has the file's factor 3
      assertThat(replicationFactors(z))
          .isNotEmpty()
          .allSatisfy((t, f) -> assertThat(f).isEqualTo(3));
    }
  }

  @Test
  void activeActiveExampleWithPrefixNamingCopiesBothWaysWithoutLoops() throws Exception {
    // Given the shipped active-active file, east played by X and west by Y
    Topology topology = ConfigExamples.load("active-active.properties", FAST_REFRESH);
    Map<String, Integer> eastMirrored = topics("orders", 2, "payments", 1);
    Map<String, Integer> onEast = with(eastMirrored, topics("payments.tmp", 1, "audit", 1));
    Map<String, Integer> onWest = topics("orders", 2, "payments.us", 1);
    Source east = new Source(x, "east", onEast);
    Source west = new Source(y, "west", onWest);
    firstWave(east, west);

    try (Replicators replicator = Replicators.start(topology, Map.of("east", x, "west", y))) {
      // When both sides keep writing
      secondWave(east, west);

      // Then each side holds the other's topics under the other's prefix, record for record
      assertCopied(x, y, "east.", eastMirrored);
      assertCopied(y, x, "west.", onWest);

      // And nothing comes back: no west.east.orders, no extra records, on either side
      assertSettled(
          Map.of(
              x,
              contents(
                  with(counts("", onEast), counts("west.", onWest)),
                  "heartbeats",
                  "west.heartbeats"),
              y,
              contents(
                  with(counts("", onWest), counts("east.", eastMirrored)),
                  "heartbeats",
                  "east.heartbeats")));
    }
  }

  @Test
  void activeActiveExampleWithIdentityNamingAndLoopPreventionNeverSendsARecordBack()
      throws Exception {
    // Given the active-active file switched to identity naming as its comment describes
    Map<String, String> identity = new TreeMap<>(FAST_REFRESH);
    identity.put("replication.policy.class", "IdentityReplicationPolicy");
    identity.put("kmirror.loop.prevention.enabled", "true");
    Topology topology = ConfigExamples.load("active-active.properties", identity);
    Map<String, Integer> onEast = topics("orders", 2, "payments", 1, "payments.tmp", 1);
    Map<String, Integer> onWest = topics("orders", 2, "payments.us", 1);
    Source east = new Source(x, "east", onEast);
    Source west = new Source(y, "west", onWest);
    firstWave(east, west);

    try (Replicators replicator = Replicators.start(topology, Map.of("east", x, "west", y))) {
      // When both sides keep writing, into one topic name on both sides among others
      secondWave(east, west);

      // Then each side's orders hold its own records and the other's (tagged), nothing twice
      assertMerged(
          y, "orders", Map.of("west", own(y, "orders"), "east", tagged(x, "orders", "east")));
      assertMerged(
          x, "orders", Map.of("east", own(x, "orders"), "west", tagged(y, "orders", "west")));
      assertMerged(y, "payments", Map.of("east", tagged(x, "payments", "east")));
      assertMerged(x, "payments.us", Map.of("west", tagged(y, "payments.us", "west")));

      // And nothing else arrives, however many refreshes pass (heartbeats keep their prefix)
      assertSettled(
          Map.of(
              x,
              contents(
                  topicCounts("orders", 2, "payments", 1, "payments.tmp", 1, "payments.us", 1),
                  "heartbeats",
                  "west.heartbeats"),
              y,
              contents(
                  topicCounts("orders", 2, "payments.us", 1, "payments", 1),
                  "heartbeats",
                  "east.heartbeats")));

      // And that is because every record that came back was dropped by its provenance
      for (FlowId flow : List.of(new FlowId("east", "west"), new FlowId("west", "east"))) {
        FlowMetrics counters = replicator.replicator().counters(flow);
        assertThat(counters.recordsDroppedByProvenance()).as("%s", flow).isEqualTo(2L * PER_TOPIC);
      }
    }
  }

  @Test
  void fanOutExampleGivesEachRegionExactlyItsTopics() throws Exception {
    // Given the shipped fan-out file: central played by X, eu by Y, us by Z
    Topology topology = ConfigExamples.load("fan-out.properties", FAST_REFRESH);
    Map<String, Integer> toUs = topics("orders.new", 3, "products", 2);
    Map<String, Integer> toEu = with(toUs, topics("prices", 1));
    Map<String, Integer> onCentral = with(toEu, topics("inventory", 1));
    Source central = new Source(x, "central", onCentral);
    firstWave(central);

    try (Replicators replicator =
        Replicators.start(topology, Map.of("central", x, "eu", y, "us", z))) {
      // When more records arrive while it runs
      secondWave(central);

      // Then each region holds exactly the topics its flow selects, record for record
      assertCopied(x, y, "central.", toEu);
      assertCopied(x, z, "central.", toUs);

      // And no region gets more, not even prices on us, however many refreshes pass
      assertSettled(
          Map.of(
              y, contents(counts("central.", toEu), "central.heartbeats"),
              z, contents(counts("central.", toUs), "central.heartbeats"),
              x, contents(counts("", onCentral), "heartbeats")));
    }
  }

  @Test
  void aggregationExampleKeepsEachRegionsRecordsInItsOwnTopic() throws Exception {
    // Given the shipped aggregation file: eu played by X, us by Y, analytics by Z
    Topology topology = ConfigExamples.load("aggregation.properties", FAST_REFRESH);
    Map<String, Integer> fromEu = topics("orders", 2, "clicks", 1);
    Map<String, Integer> onEu = with(fromEu, topics("sessions", 1));
    Map<String, Integer> fromUs = topics("orders", 3, "payments", 1);
    Source eu = new Source(x, "eu", onEu);
    Source us = new Source(y, "us", fromUs);
    firstWave(eu, us);

    try (Replicators replicator =
        Replicators.start(topology, Map.of("eu", x, "us", y, "analytics", z))) {
      // When both regions keep writing, both into a topic called orders
      secondWave(eu, us);

      // Then analytics holds each region's topics under the region's name, record for record
      assertCopied(x, z, "eu.", fromEu);
      assertCopied(y, z, "us.", fromUs);

      // And nothing else, however many refreshes pass
      assertSettled(
          Map.of(
              z,
              contents(
                  with(counts("eu.", fromEu), counts("us.", fromUs)),
                  "eu.heartbeats",
                  "us.heartbeats"),
              x,
              contents(counts("", onEu), "heartbeats"),
              y,
              contents(counts("", fromUs), "heartbeats")));
    }
  }

  @Test
  void aggregationExampleWithIdentityNamingMergesBothRegionsIntoOneTopicExactly() throws Exception {
    // Given the aggregation file with identity naming: both regions' orders land in one topic,
    // and the regions' orders differ in partition count
    Map<String, String> identity = new TreeMap<>(FAST_REFRESH);
    identity.put("replication.policy.class", "IdentityReplicationPolicy");
    Topology topology = ConfigExamples.load("aggregation.properties", identity);
    Map<String, Integer> onEu = topics("orders", 2, "clicks", 1);
    Map<String, Integer> onUs = topics("orders", 3, "payments", 1);
    Source eu = new Source(x, "eu", onEu);
    Source us = new Source(y, "us", onUs);
    firstWave(eu, us);

    try (Replicators replicator =
        Replicators.start(topology, Map.of("eu", x, "us", y, "analytics", z))) {
      // When both regions keep writing
      secondWave(eu, us);

      // Then analytics' orders holds exactly both regions' records, each region's in its order
      assertMerged(z, "orders", Map.of("eu", own(x, "orders"), "us", own(y, "orders")));
      assertMerged(z, "clicks", Map.of("eu", own(x, "clicks")));
      assertMerged(z, "payments", Map.of("us", own(y, "payments")));

      // And nothing else, however many refreshes pass
      assertSettled(
          Map.of(
              z,
              contents(
                  topicCounts("orders", 2, "clicks", 1, "payments", 1),
                  "eu.heartbeats",
                  "us.heartbeats"),
              x,
              contents(counts("", onEu), "heartbeats"),
              y,
              contents(counts("", onUs), "heartbeats")));
    }
  }

  /** Topic names with partition counts, in the order given. */
  private static Map<String, Integer> topics(Object... namesAndPartitions) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (int i = 0; i < namesAndPartitions.length; i += 2) {
      topics.put((String) namesAndPartitions[i], (Integer) namesAndPartitions[i + 1]);
    }
    return topics;
  }

  private static <V> Map<String, V> with(Map<String, V> first, Map<String, V> second) {
    Map<String, V> both = new LinkedHashMap<>(first);
    both.putAll(second);
    return both;
  }

  /** A source cluster as a test writes it: its topology name and its topics with partitions. */
  private record Source(KafkaCluster cluster, String origin, Map<String, Integer> topics) {}

  /** Creates each source's topics and writes the first {@link #WAVE} records to each topic. */
  private static void firstWave(Source... sources) throws Exception {
    for (Source source : sources) {
      try (Admin admin = Admin.create(source.cluster().clientProperties())) {
        for (Map.Entry<String, Integer> t : source.topics().entrySet()) {
          Records.createTopic(admin, t.getKey(), t.getValue(), Map.of());
        }
      }
      wave(source, 0);
    }
  }

  /** Writes the next {@link #WAVE} records to each topic of each source. */
  private static void secondWave(Source... sources) throws Exception {
    for (Source source : sources) {
      wave(source, WAVE);
    }
  }

  private static void wave(Source source, int from) throws Exception {
    for (Map.Entry<String, Integer> t : source.topics().entrySet()) {
      Records.produceSample(
          source.cluster(), source.origin(), t.getKey(), t.getValue(), from, WAVE);
    }
  }

  /** Each topic's records on {@code source} are on {@code target} as {@code prefix + topic}. */
  private static void assertCopied(
      KafkaCluster source, KafkaCluster target, String prefix, Map<String, Integer> topics) {
    for (String topic : topics.keySet()) {
      Mirrored.assertSameRecords(
          Records.readExactly(source, topic, PER_TOPIC, WAIT),
          Records.readExactly(target, prefix + topic, PER_TOPIC, WAIT));
    }
  }

  /** Each topic with every record of both waves, under {@code prefix}. */
  private static Map<String, Long> counts(String prefix, Map<String, Integer> topics) {
    Map<String, Long> counts = new TreeMap<>();
    topics.keySet().forEach(t -> counts.put(prefix + t, (long) PER_TOPIC));
    return counts;
  }

  /** Expected counts where a topic receives records from {@code writers} sources. */
  private static Map<String, Long> topicCounts(Object... namesAndWriters) {
    Map<String, Long> counts = new TreeMap<>();
    topics(namesAndWriters).forEach((t, writers) -> counts.put(t, (long) writers * PER_TOPIC));
    return counts;
  }

  /** A source's own records of {@code topic}: written there, not mirrored in. */
  private static Mirrored.Share own(KafkaCluster source, String topic) {
    return new Mirrored.Share(ownRecords(source, topic), List.of());
  }

  /** As {@link #own}, arriving with kmirror's provenance header naming {@code origin}. */
  private static Mirrored.Share tagged(KafkaCluster source, String topic, String origin) {
    return new Mirrored.Share(ownRecords(source, topic), List.of(Provenance.HEADER + "=" + origin));
  }

  private static List<ConsumerRecord<String, String>> ownRecords(
      KafkaCluster source, String topic) {
    return Records.readAll(source, topic).stream()
        .filter(r -> r.headers().lastHeader(Provenance.HEADER) == null)
        .toList();
  }

  /** {@code topic} on {@code target} is exactly the shares, origin read from the value. */
  private static void assertMerged(
      KafkaCluster target, String topic, Map<String, Mirrored.Share> shares) {
    int expected = shares.values().stream().mapToInt(s -> s.records().size()).sum();
    Mirrored.assertMerged(
        Records.readExactly(target, topic, expected, WAIT),
        shares,
        r -> r.value().substring(0, r.value().indexOf('/')));
  }

  /** What a cluster holds once settled: user topics with counts, and its heartbeat topics. */
  private record Contents(Map<String, Long> counts, Set<String> heartbeats) {}

  private static Contents contents(Map<String, Long> counts, String... heartbeats) {
    return new Contents(counts, new TreeSet<>(List.of(heartbeats)));
  }

  /**
   * Each cluster holds exactly the expected topics and records, and keeps holding them for {@link
   * #SETTLE} (several refreshes and progress writes): no loop, no extra copy, no stray topic.
   */
  private static void assertSettled(Map<KafkaCluster, Contents> expected) {
    Mirrored.assertSettled(
        SETTLE,
        WAIT,
        () -> {
          for (Map.Entry<KafkaCluster, Contents> e : expected.entrySet()) {
            String cluster = e.getKey().name();
            assertThat(Records.topicCounts(e.getKey()))
                .as("topics and record counts on %s", cluster)
                .isEqualTo(e.getValue().counts());
            assertThat(Records.heartbeatTopics(e.getKey()))
                .as("heartbeat topics on %s", cluster)
                .isEqualTo(e.getValue().heartbeats());
          }
        });
  }

  /** Every topic's replication factor, Kafka's own topics aside. */
  private static Map<String, Integer> replicationFactors(KafkaCluster cluster) throws Exception {
    try (Admin admin = Admin.create(cluster.clientProperties())) {
      Map<String, Integer> factors = new TreeMap<>();
      admin
          .describeTopics(admin.listTopics().names().get())
          .allTopicNames()
          .get()
          .forEach((name, d) -> factors.put(name, d.partitions().get(0).replicas().size()));
      return factors;
    }
  }
}

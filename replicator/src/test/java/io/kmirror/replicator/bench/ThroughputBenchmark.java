package io.kmirror.replicator.bench;

import static org.awaitility.Awaitility.await;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Topology;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * How fast kmirror drains a backlog: two embedded single-broker clusters in this JVM, {@code
 * --records} records (16-byte keys, 512-byte values) preloaded over 8 partitions of topic {@value
 * #TOPIC} on A, then one flow A->B with kmirror's default settings, timed from the replicator's
 * deployment until B's end offsets hold every record. Prints records/s and MB/s (10^6 bytes of keys
 * and values), and the same from the first record on B (the copy rate without start-up).
 *
 * <p>Run from the repository root (see docs/benchmark.md):
 *
 * <pre>
 * mvn -q -DskipTests install &amp;&amp; mvn -q -pl replicator test-compile exec:exec@throughput
 * </pre>
 *
 * with {@code -Dbench.records=100000} for a smaller backlog. Not a test: the figures depend on the
 * machine, so they are printed, not asserted.
 */
public final class ThroughputBenchmark {

  static final String TOPIC = "bench";
  private static final int KEY_BYTES = 16;
  private static final int VALUE_BYTES = 512;
  private static final int PARTITIONS = 8;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  private ThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = records(args);
    // Only the figures: kmirror's and Kafka's INFO lines would bury them.
    Configurator.setRootLevel(Level.ERROR);
    Configurator.setLevel("io.kmirror", Level.WARN);
    // The admin client logs an ERROR for every ListOffsets that races a new topic's metadata;
    // the waits below retry those on purpose.
    Configurator.setLevel("org.apache.kafka.clients.admin.internals", Level.OFF);
    System.out.println(machine());
    try (EmbeddedKafkaCluster a = cluster("A");
        EmbeddedKafkaCluster b = cluster("B")) {
      a.start();
      b.start();
      createTopic(a);
      long preloadStart = System.nanoTime();
      preload(a, records);
      report("preload (producer to A, acks=all)", records, System.nanoTime() - preloadStart);
      Drain drain = drain(a, b, records);
      report("kmirror A->B, from start", records, drain.lastNanos());
      report(
          "kmirror A->B, from first record on B", records, drain.lastNanos() - drain.firstNanos());
    }
    System.out.printf(
        Locale.ROOT,
        "load average at end %.2f; date %s%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        LocalDate.now(ZoneOffset.UTC));
    System.out.println(
        "reproduce: mvn -q -DskipTests install && mvn -q -pl replicator test-compile"
            + " exec:exec@throughput -Dbench.records="
            + records);
  }

  private static EmbeddedKafkaCluster cluster(String name) {
    return EmbeddedKafkaCluster.builder().name(name).kafkaLogLevel("ERROR").build();
  }

  private static int records(String[] args) {
    if (args.length == 0) {
      return 1_000_000;
    }
    if (args.length != 2 || !args[0].equals("--records") || Integer.parseInt(args[1]) < 1) {
      throw new IllegalArgumentException("usage: ThroughputBenchmark [--records N] (N >= 1)");
    }
    return Integer.parseInt(args[1]);
  }

  private static String machine() {
    return String.format(
        Locale.ROOT,
        "machine: %d cores, max heap %d MiB, Java %s, %s %s, load average %.2f",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void createTopic(EmbeddedKafkaCluster cluster) throws Exception {
    try (Admin admin = Admin.create(cluster.clientProperties())) {
      Records.createTopic(admin, TOPIC, PARTITIONS, Map.of());
    }
  }

  private static void preload(EmbeddedKafkaCluster cluster, int records) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // Random, so a compressing target would not flatter the figures; shared, since the producer
    // only reads it.
    byte[] value = new byte[VALUE_BYTES];
    new Random(42).nextBytes(value);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (int seq = 0; seq < records; seq++) {
        byte[] key =
            String.format(Locale.ROOT, "key-%012d", seq).getBytes(StandardCharsets.US_ASCII);
        producer.send(new ProducerRecord<>(TOPIC, seq % PARTITIONS, key, value));
      }
      producer.flush();
    }
  }

  /** When (nanoseconds after the replicator's deployment began) B got its first and last record. */
  private record Drain(long firstNanos, long lastNanos) {}

  private static Drain drain(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b, int records)
      throws Exception {
    Topology topology =
        TestFlows.topology(
            Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
            TestFlows.flow("A", "B").topics(TOPIC).refresh(Duration.ofSeconds(5)).build());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    IntStream.range(0, PARTITIONS)
        .forEach(p -> latest.put(new TopicPartition("A." + TOPIC, p), OffsetSpec.latest()));
    Vertx vertx = Vertx.vertx();
    try (Admin target = Admin.create(b.clientProperties())) {
      long start = System.nanoTime();
      long[] first = {-1};
      vertx.deployVerticle(new ReplicatorVerticle(topology, Map.of(), RuntimeSettings.defaults()));
      // Offsets only once the remote topic exists: asking earlier makes the admin client log
      // errors.
      await()
          .atMost(DRAIN_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> target.listTopics().names().get(5, TimeUnit.SECONDS).contains("A." + TOPIC));
      await()
          .atMost(DRAIN_TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(
              () -> {
                long copied =
                    target.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream()
                        .mapToLong(o -> o.offset())
                        .sum();
                if (copied > 0 && first[0] < 0) {
                  first[0] = System.nanoTime() - start;
                }
                return copied >= records;
              });
      return new Drain(first[0], System.nanoTime() - start);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static void report(String what, int records, long nanos) {
    double seconds = nanos / 1e9;
    double megabytes = (double) records * (KEY_BYTES + VALUE_BYTES) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%-40s %,10d records in %7.2f s = %,10.0f records/s, %7.1f MB/s%n",
        what,
        records,
        seconds,
        records / seconds,
        megabytes / seconds);
  }
}

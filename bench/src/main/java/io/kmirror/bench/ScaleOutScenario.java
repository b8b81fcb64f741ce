package io.kmirror.bench;

import io.kmirror.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code --scenario scaleout}: two kmirror processes on one file, as {@code kubectl scale} or a
 * second systemd unit makes them. Traffic runs at {@code --rate} on one topic of {@code
 * --partitions} partitions while the first process mirrors alone; then a second process joins, then
 * the first is killed with SIGKILL. The target's end offsets are looked at every {@value
 * #LOOK_MILLIS} ms ({@link EndOffsetTimeline}); for each event the scenario prints how many
 * partitions stalled, the longest stall, and the lowest records/s, and at the end how many records
 * are missing or duplicated on the target. See docs/benchmark.md.
 */
final class ScaleOutScenario {

  private static final long LOOK_MILLIS = 250;

  /** A partition without a new record for longer than this counts as moved/stalled. */
  private static final double STALL_SECONDS = 1.0;

  /**
   * kmirror's default consumer session (FlowEndpoints), the bound a dead process's hand-over has.
   */
  private static final double SESSION_SECONDS = 10.0;

  private final BenchOptions options;
  private final Duration phase;

  ScaleOutScenario(BenchOptions options) {
    this.options = options;
    this.phase = Duration.ofSeconds(30);
  }

  void run() throws Exception {
    System.out.println(Machine.describe());
    int partitions = options.partitions();
    System.out.printf(
        Locale.ROOT,
        "scale-out: partitions=%d rate=%d/s value=%dB phase=%ds (session timeout %.0f s)%n",
        partitions,
        options.rate(),
        options.valueBytes(),
        phase.toSeconds(),
        SESSION_SECONDS);
    BenchRecords records =
        new BenchRecords(MirrorBenchmark.TOPIC, partitions, options.valueBytes());
    try (EmbeddedKafkaCluster a = MirrorBenchmark.cluster("A");
        EmbeddedKafkaCluster b = MirrorBenchmark.cluster("B")) {
      SourceTraffic.createTopic(a.bootstrapServers(), MirrorBenchmark.TOPIC, partitions);
      Path dir = options.workDir().resolve("scaleout");
      Path file =
          BenchTopology.write(
              dir,
              "kmirror",
              BenchTopology.base(a.bootstrapServers(), b.bootstrapServers(), MirrorBenchmark.TOPIC),
              options.kmirrorProperties());
      EndOffsetTimeline timeline = new EndOffsetTimeline(partitions);
      Steady traffic = new Steady(a.bootstrapServers(), records, options.rate());
      try (Looker looker = new Looker(b.bootstrapServers(), partitions, timeline)) {
        Events events = events(file, dir, timeline, traffic);
        traffic.stop();
        report(events, timeline, traffic.sent(), b.bootstrapServers());
      } finally {
        traffic.stop();
      }
    }
  }

  /** When each event happened, and the last process (to stop after the drain). */
  private record Events(long first, long joined, long killed, long end) {}

  private Events events(Path file, Path dir, EndOffsetTimeline timeline, Steady traffic)
      throws Exception {
    List<String> command = Contender.KMIRROR.command(options, file, null);
    try (ContenderProcess one =
        ContenderProcess.launch(command, dir.resolve("one.log"), identity("one"))) {
      long first = awaitCaughtUp(timeline, traffic, one);
      System.out.printf(Locale.ROOT, "  process one mirrors alone; caught up%n");
      pause(phase.toMillis() / 3);
      long joined = System.nanoTime();
      System.out.println("  process two joins");
      try (ContenderProcess second =
          ContenderProcess.launch(command, dir.resolve("two.log"), identity("two"))) {
        pause(phase.toMillis());
        long killed = System.nanoTime();
        System.out.println("  process one killed (SIGKILL)");
        one.killHard();
        pause(phase.toMillis());
        traffic.stop();
        awaitDrained(timeline, traffic, second);
        return new Events(first, joined, killed, System.nanoTime());
      }
    }
  }

  /** Each process its own instance id (static membership) and a free HTTP port. */
  private static Map<String, String> identity(String id) {
    return Map.of("KMIRROR_INSTANCE_ID", "bench-" + id, "KMIRROR_HTTP_PORT", "0");
  }

  /** Waits until the target is less than half a second of traffic behind the source. */
  private long awaitCaughtUp(EndOffsetTimeline timeline, Steady traffic, ContenderProcess process)
      throws Exception {
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (System.nanoTime() < deadline && process.alive()) {
      if (timeline.last().sum() > 0
          && traffic.sent() - timeline.last().sum() < options.rate() / 2) {
        return System.nanoTime();
      }
      pause(LOOK_MILLIS);
    }
    throw new IllegalStateException("kmirror never caught up; see " + process.log());
  }

  private void awaitDrained(EndOffsetTimeline timeline, Steady traffic, ContenderProcess process)
      throws Exception {
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (System.nanoTime() < deadline && process.alive()) {
      if (timeline.last().sum() >= traffic.sent()) {
        return;
      }
      pause(LOOK_MILLIS);
    }
    System.out.printf(
        Locale.ROOT,
        "  not drained: %d of %d on the target; see %s%n",
        timeline.last().sum(),
        traffic.sent(),
        process.log());
  }

  private void report(Events events, EndOffsetTimeline timeline, long sent, String target) {
    long phaseNanos = phase.toNanos();
    EndOffsetTimeline.Window alone =
        timeline.window(events.first(), events.joined(), STALL_SECONDS);
    EndOffsetTimeline.Window join =
        timeline.window(events.joined(), events.joined() + phaseNanos, STALL_SECONDS);
    EndOffsetTimeline.Window death =
        timeline.window(events.killed(), events.killed() + phaseNanos, STALL_SECONDS);
    System.out.println("  records/s on the target, per second from the first catch-up:");
    System.out.println("  " + timeline.ratePerSecond(events.first()));
    Audit audit = audit(target, options.partitions());
    System.out.println();
    System.out.println("load at end: " + Machine.loadAverage());
    System.out.println(
        "| moment | partitions stalled > 1 s | longest stall s | lowest records/s | target |");
    System.out.println("|---|---:|---:|---:|---|");
    System.out.println(row("one process alone", alone, ""));
    System.out.println(
        row(
            "second process joins",
            join,
            join.stalledPartitions() < options.partitions()
                ? "unaffected partitions kept flowing: met"
                : "every partition stalled: NOT met"));
    System.out.println(
        row(
            "first process SIGKILLed",
            death,
            death.longestStallSeconds() <= 2 * SESSION_SECONDS
                ? "gap <= 2 x session timeout: met"
                : "gap <= 2 x session timeout: NOT met"));
    System.out.printf(
        Locale.ROOT,
        "sent %d, on target %d, distinct %d: missing %d, duplicates %d%n",
        sent,
        audit.total(),
        audit.distinct(),
        sent - audit.distinct(),
        audit.total() - audit.distinct());
  }

  /** Every record on the remote topic, and how many distinct ids among them. */
  private record Audit(long total, long distinct) {}

  private static Audit audit(String target, int partitions) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(MirrorBenchmark.REMOTE_TOPIC, p));
    }
    BitSet ids = new BitSet();
    long total = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-audit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline
          && tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          total++;
          ids.set((int) BenchRecords.id(r.key()));
        }
      }
    }
    return new Audit(total, ids.cardinality());
  }

  private static String row(String moment, EndOffsetTimeline.Window w, String target) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %.0f | %s |",
        moment,
        w.stalledPartitions(),
        w.longestStallSeconds(),
        w.lowestRecordsPerSecond(),
        target);
  }

  /** A timed wait between looks and phases, so the benchmark's threads stay interruptible. */
  private void pause(long millis) throws InterruptedException {
    synchronized (this) {
      wait(millis);
    }
  }

  /** Sends at a steady rate from a 1 ms timer until stopped; every send is acknowledged. */
  private static final class Steady {
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong acked = new AtomicLong();
    private final long start = System.nanoTime();
    private long next;
    private boolean stopped;

    Steady(String bootstrap, BenchRecords records, int rate) {
      this.producer = SourceTraffic.producer(bootstrap, 5);
      timer.scheduleAtFixedRate(
          () -> {
            long owed = (System.nanoTime() - start) * rate / 1_000_000_000L;
            for (; next < owed; next++) {
              producer.send(
                  records.record(next, System.nanoTime()),
                  (m, e) -> {
                    if (e == null) {
                      acked.incrementAndGet();
                    }
                  });
            }
          },
          0,
          1,
          TimeUnit.MILLISECONDS);
    }

    /** Records the source acknowledged: a failed send (none expected) is not counted as sent. */
    long sent() {
      return acked.get();
    }

    synchronized void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      timer.shutdown();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.flush();
      producer.close();
    }
  }

  /** Looks at the target's end offsets every {@value #LOOK_MILLIS} ms on its own thread. */
  private static final class Looker implements AutoCloseable {
    private final Admin admin;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Looker(String bootstrap, int partitions, EndOffsetTimeline timeline) {
      this.admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  "bench-looker"));
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(MirrorBenchmark.REMOTE_TOPIC, p), OffsetSpec.latest());
      }
      timer.scheduleWithFixedDelay(
          () -> look(latest, partitions, timeline), 0, LOOK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void look(
        Map<TopicPartition, OffsetSpec> latest, int partitions, EndOffsetTimeline timeline) {
      try {
        ListOffsetsResult result = admin.listOffsets(latest);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> all =
            result.all().get(5, TimeUnit.SECONDS);
        long[] ends = new long[partitions];
        all.forEach((tp, info) -> ends[tp.partition()] = info.offset());
        timeline.add(System.nanoTime(), ends);
      } catch (Exception e) {
        // The remote topic does not exist yet, or B did not answer this look: look again.
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
      admin.close();
    }
  }
}

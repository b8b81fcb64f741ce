package io.kmirror.bench;

import io.kmirror.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * kmirror against Apache MirrorMaker 2, side by side, on this machine. For each round and each
 * contender: two fresh embedded KRaft clusters, a backlog on A, the contender launched as its own
 * process on the same MM2-format file, then drain throughput, launch to first record, end-to-end
 * latency at a fixed rate, peak RSS, CPU seconds, duplicates and missing records. A single-hop
 * latency floor (producer -> A -> consumer) runs once per round. See docs/benchmark.md.
 */
public final class MirrorBenchmark {

  static final String TOPIC = "bench";
  static final String REMOTE_TOPIC = "A." + TOPIC;

  private final BenchOptions options;

  private MirrorBenchmark(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, benchTarget());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.scaleScenario()) {
      new ScaleScenario(options).run();
    } else if (options.spreadScenario()) {
      new SpreadScenario(options).run();
    } else if (options.scaleOutScenario()) {
      new ScaleOutScenario(options).run();
    } else {
      new MirrorBenchmark(options).run();
    }
    System.exit(0);
  }

  /** bench/target, found from this class's jar, so the command works from any directory. */
  private static Path benchTarget() throws Exception {
    Path jar =
        Path.of(MirrorBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return jar.getParent().toAbsolutePath();
  }

  private void run() throws Exception {
    String started = Machine.describe();
    System.out.println(started);
    System.out.printf(
        Locale.ROOT,
        "records=%d partitions=%d value=%dB rate=%d/s warm-up=%ds latency=%ds rounds=%d%n",
        options.records(),
        options.partitions(),
        options.valueBytes(),
        options.rate(),
        options.warmup().toSeconds(),
        options.latencyPhase().toSeconds(),
        options.rounds());
    Map<String, List<RunResult>> results = new LinkedHashMap<>();
    for (int round = 1; round <= options.rounds(); round++) {
      add(results, floor(round));
      for (Contender c : options.contenders()) {
        add(results, contender(c, round));
      }
    }
    List<RunResult> medians = new ArrayList<>();
    results.values().forEach(r -> medians.add(RunResult.median(r)));
    System.out.println();
    System.out.println("load at end: " + Machine.loadAverage());
    System.out.print(ResultTable.render(medians, options));
  }

  private static void add(Map<String, List<RunResult>> results, RunResult r) {
    System.out.println("  " + ResultTable.row(r));
    results.computeIfAbsent(r.contender(), k -> new ArrayList<>()).add(r);
  }

  private RunResult floor(int round) throws Exception {
    System.out.printf(Locale.ROOT, "round %d: latency floor (producer -> A -> consumer)%n", round);
    try (EmbeddedKafkaCluster a = cluster("A")) {
      BenchRecords records = new BenchRecords("floor", options.partitions(), options.valueBytes());
      SourceTraffic.createTopic(a.bootstrapServers(), "floor", options.partitions());
      LatencyRecorder latency = new LatencyRecorder(warmupCount(), measuredCount());
      try (TargetObserver observer = new TargetObserver(a.bootstrapServers(), "floor", 0, latency);
          KafkaProducer<byte[], byte[]> producer =
              SourceTraffic.producer(a.bootstrapServers(), 0)) {
        latencyPhase(producer, records, 0, observer);
      }
      LatencyRecorder.Percentiles p = latency.percentiles();
      return new RunResult(
          ResultTable.FLOOR,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          p.p50(),
          p.p99(),
          p.max(),
          Double.NaN,
          Double.NaN,
          0,
          0);
    }
  }

  private RunResult contender(Contender contender, int round) throws Exception {
    System.out.printf(Locale.ROOT, "round %d: %s%n", round, contender.label());
    long n = options.records();
    try (EmbeddedKafkaCluster a = cluster("A");
        EmbeddedKafkaCluster b = cluster("B")) {
      BenchRecords records = new BenchRecords(TOPIC, options.partitions(), options.valueBytes());
      SourceTraffic.createTopic(a.bootstrapServers(), TOPIC, options.partitions());
      long t0 = System.nanoTime();
      SourceTraffic.backlog(a.bootstrapServers(), records, n);
      System.out.printf(
          Locale.ROOT, "  backlog of %d produced in %.1f s%n", n, secs(System.nanoTime() - t0));
      Path dir = options.workDir().resolve("round-" + round);
      Path file =
          BenchTopology.write(
              dir,
              contender.id(),
              BenchTopology.base(a.bootstrapServers(), b.bootstrapServers(), TOPIC),
              contender.extraProperties(options));
      List<String> command = contender.command(options, file, BenchTopology.mm2Log4j(dir));
      LatencyRecorder latency = new LatencyRecorder(n + warmupCount(), measuredCount());
      Measured m;
      TargetObserver.Audit audit;
      try (TargetObserver observer =
              new TargetObserver(b.bootstrapServers(), REMOTE_TOPIC, n, latency);
          KafkaProducer<byte[], byte[]> producer =
              SourceTraffic.producer(a.bootstrapServers(), 0)) {
        m = measure(contender, command, dir, records, observer, producer);
        audit = observer.audit(Duration.ofSeconds(120));
      }
      long expected = n + warmupCount() + measuredCount();
      LatencyRecorder.Percentiles p = latency.percentiles();
      return new RunResult(
          contender.label(),
          m.recordsPerSecond,
          m.recordsPerSecond * records.payloadBytes() / 1e6,
          m.startupSeconds,
          p.p50(),
          p.p99(),
          p.max(),
          m.rssMib,
          m.cpuSeconds,
          audit.total() - audit.distinct(),
          expected - audit.distinct());
    }
  }

  /** What the contender's process and the observer saw; latency comes from the recorder. */
  private record Measured(
      double recordsPerSecond, double startupSeconds, double rssMib, double cpuSeconds) {}

  private Measured measure(
      Contender contender,
      List<String> command,
      Path dir,
      BenchRecords records,
      TargetObserver observer,
      KafkaProducer<byte[], byte[]> producer)
      throws Exception {
    long n = options.records();
    try (ContenderProcess process =
        ContenderProcess.launch(command, dir.resolve(contender.id() + ".log"))) {
      awaitDrain(process, observer);
      double cpu = process.cpuSeconds();
      long first = observer.firstNanos();
      double startup = first == Long.MIN_VALUE ? Double.NaN : secs(first - process.launchedNanos());
      double rate =
          observer.drainedNanos() == Long.MIN_VALUE
              ? Double.NaN
              : (n - 1) / secs(observer.drainedNanos() - first);
      System.out.printf(
          Locale.ROOT,
          "  drained %d/%d: %.0f records/s, startup %.2f s, cpu %.1f s%n",
          observer.backlogSeen(),
          n,
          rate,
          startup,
          cpu);
      if (process.alive()) {
        latencyPhase(producer, records, n, observer);
      }
      return new Measured(rate, startup, process.peakRssMib(), cpu);
    }
  }

  private void awaitDrain(ContenderProcess process, TargetObserver observer) throws Exception {
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      try {
        observer.drained().get(200, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        if (!process.alive()) {
          System.out.println("  contender exited early; see " + process.log());
          return;
        }
      } catch (ExecutionException e) {
        System.out.println("  observer failed: " + e.getCause());
        return;
      }
    }
    System.out.println("  drain timed out after " + options.drainTimeout().toSeconds() + " s");
  }

  /** Paced traffic with send times: warm-up, then the measured stretch; waits for it to arrive. */
  private void latencyPhase(
      KafkaProducer<byte[], byte[]> producer,
      BenchRecords records,
      long firstId,
      TargetObserver observer)
      throws Exception {
    long count = warmupCount() + measuredCount();
    SourceTraffic.paced(producer, records, firstId, count, options.rate())
        .get(options.warmup().plus(options.latencyPhase()).toSeconds() + 60, TimeUnit.SECONDS);
    observer.awaitLatency(count, Duration.ofSeconds(15), Duration.ofSeconds(90));
  }

  private long warmupCount() {
    return options.warmup().toSeconds() * options.rate();
  }

  private int measuredCount() {
    return (int) (options.latencyPhase().toSeconds() * options.rate());
  }

  static EmbeddedKafkaCluster cluster(String name) {
    EmbeddedKafkaCluster c =
        EmbeddedKafkaCluster.builder()
            .name(name)
            .brokers(1)
            .brokerConfig("auto.create.topics.enable", "false")
            .build();
    c.start();
    return c;
  }

  static double secs(long nanos) {
    return nanos / 1e9;
  }
}

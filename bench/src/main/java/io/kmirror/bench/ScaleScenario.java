package io.kmirror.bench;

import io.kmirror.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code --scenario scale}: many topics at once. For each contender, on two fresh embedded
 * clusters: {@code --topics} topics of {@code --partitions} partitions with {@code
 * --records-per-partition} records each on A, then the contender launched as its own process on the
 * same file (topics {@code scale-.*}, a 5 s topic refresh), and measured: seconds from launch until
 * every remote topic exists and until every record is on B, then {@code --new-topics} more topics
 * created while it runs and the seconds until they are mirrored too; peak RSS and CPU of the whole
 * run. B is watched with batched ListOffsets ({@link TargetCensus}). See docs/benchmark.md.
 */
final class ScaleScenario {

  static final String PREFIX = "scale";
  static final String NEW_PREFIX = "scale-new";
  private static final long LOOK_MILLIS = 500;

  private final BenchOptions options;
  private final BenchOptions.Scale scale;

  ScaleScenario(BenchOptions options) {
    this.options = options;
    this.scale = options.scale();
  }

  void run() throws Exception {
    System.out.println(Machine.describe());
    System.out.printf(
        Locale.ROOT,
        "scale: topics=%d partitions=%d records/partition=%d new-topics=%d%n",
        scale.topics(),
        options.partitions(),
        scale.recordsPerPartition(),
        scale.newTopics());
    StringBuilder table = new StringBuilder(ScaleResult.HEADER);
    for (int round = 1; round <= options.rounds(); round++) {
      for (Contender c : options.contenders()) {
        ScaleResult r = contender(c, round);
        System.out.println("  " + r.row());
        table.append(r.row()).append('\n');
        if (c == Contender.KMIRROR) {
          System.out.println("  " + r.targets());
        }
      }
    }
    System.out.println();
    System.out.println("load at end: " + Machine.loadAverage());
    System.out.print(table);
  }

  private ScaleResult contender(Contender contender, int round) throws Exception {
    System.out.printf(Locale.ROOT, "round %d: %s%n", round, contender.label());
    int partitions = options.partitions();
    List<String> topics = ScaleTopics.names(PREFIX, scale.topics());
    try (EmbeddedKafkaCluster a = MirrorBenchmark.cluster("A");
        EmbeddedKafkaCluster b = MirrorBenchmark.cluster("B");
        Admin sourceAdmin = admin(a);
        TargetCensus census = new TargetCensus(b.bootstrapServers())) {
      long t0 = System.nanoTime();
      ScaleTopics.create(sourceAdmin, topics, partitions);
      ScaleTopics.fill(a.bootstrapServers(), topics, partitions, scale.recordsPerPartition());
      System.out.printf(
          Locale.ROOT,
          "  %d topics x %d partitions x %d records created on A in %.1f s%n",
          topics.size(),
          partitions,
          scale.recordsPerPartition(),
          MirrorBenchmark.secs(System.nanoTime() - t0));
      Path dir = options.workDir().resolve("scale-round-" + round);
      Path file =
          BenchTopology.write(dir, contender.id(), base(a, b), contender.extraProperties(options));
      List<String> command = contender.command(options, file, BenchTopology.mm2Log4j(dir));
      try (ContenderProcess process =
          ContenderProcess.launch(command, dir.resolve(contender.id() + ".log"))) {
        Watch first = new Watch(census, process, remotes(topics), partitions);
        first.await(scale.recordsPerPartition(), options.drainTimeout().toNanos());
        double newTopicsSeconds = Double.NaN;
        if (first.recordsNanos != Long.MIN_VALUE && process.alive()) {
          newTopicsSeconds = discovery(a, sourceAdmin, census, process);
        }
        return new ScaleResult(
            contender.label(),
            first.seconds(first.topicsNanos, process.launchedNanos()),
            first.seconds(first.recordsNanos, process.launchedNanos()),
            newTopicsSeconds,
            process.peakRssMib(),
            process.cpuSeconds(),
            first.extraRecords(scale.recordsPerPartition()),
            process.alive() ? "" : "exited; see " + process.log());
      }
    }
  }

  /** Creates the new topics with their records; seconds from their creation to all mirrored. */
  private double discovery(
      EmbeddedKafkaCluster a, Admin sourceAdmin, TargetCensus census, ContenderProcess process)
      throws Exception {
    List<String> fresh = ScaleTopics.names(NEW_PREFIX, scale.newTopics());
    long created = System.nanoTime();
    ScaleTopics.create(sourceAdmin, fresh, options.partitions());
    ScaleTopics.fill(
        a.bootstrapServers(), fresh, options.partitions(), scale.recordsPerPartition());
    Watch watch = new Watch(census, process, remotes(fresh), options.partitions());
    watch.await(scale.recordsPerPartition(), options.drainTimeout().toNanos());
    return watch.seconds(watch.recordsNanos, created);
  }

  private Map<String, String> base(EmbeddedKafkaCluster a, EmbeddedKafkaCluster b) {
    Map<String, String> p =
        BenchTopology.base(a.bootstrapServers(), b.bootstrapServers(), "scale-.*");
    // Both contenders get the same topic refresh: MM2's default (600 s) would time discovery out.
    p.put("refresh.topics.interval.seconds", "5");
    return p;
  }

  private static List<String> remotes(List<String> topics) {
    return topics.stream().map(t -> "A." + t).toList();
  }

  private static Admin admin(EmbeddedKafkaCluster cluster) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
  }

  /**
   * Looks at B every {@value #LOOK_MILLIS} ms until everything is there, the contender died, or the
   * time is up.
   */
  private static final class Watch {
    private final TargetCensus census;
    private final ContenderProcess process;
    private final List<String> remotes;
    private final int partitions;
    long topicsNanos = Long.MIN_VALUE;
    long recordsNanos = Long.MIN_VALUE;
    private TargetCensus.Look last = new TargetCensus.Look(0, 0, 0);

    Watch(TargetCensus census, ContenderProcess process, List<String> remotes, int partitions) {
      this.census = census;
      this.process = process;
      this.remotes = remotes;
      this.partitions = partitions;
    }

    void await(int perPartition, long timeoutNanos) throws Exception {
      long start = System.nanoTime();
      long nextReport = start;
      int all = remotes.size() * partitions;
      while (System.nanoTime() - start < timeoutNanos && process.alive()) {
        try {
          last = census.look(remotes, partitions, perPartition);
        } catch (ExecutionException | TimeoutException e) {
          // The target did not answer this look (busy creating partitions): look again.
          pause();
          continue;
        }
        long now = System.nanoTime();
        if (topicsNanos == Long.MIN_VALUE && last.topicsPresent() == remotes.size()) {
          topicsNanos = now;
        }
        if (last.partitionsComplete() == all) {
          recordsNanos = now;
          return;
        }
        if (now >= nextReport) {
          System.out.printf(
              Locale.ROOT,
              "    %.0f s: %d/%d topics, %d/%d partitions complete%n",
              MirrorBenchmark.secs(now - start),
              last.topicsPresent(),
              remotes.size(),
              last.partitionsComplete(),
              all);
          nextReport = now + 10_000_000_000L;
        }
        pause();
      }
      System.out.printf(
          Locale.ROOT,
          "  gave up: %s, %d/%d topics, %d/%d partitions complete%n",
          process.alive() ? "timed out" : "contender exited",
          last.topicsPresent(),
          remotes.size(),
          last.partitionsComplete(),
          all);
    }

    /** The time between two looks; a timed wait, so the benchmark's threads stay interruptible. */
    private void pause() throws InterruptedException {
      synchronized (this) {
        wait(LOOK_MILLIS);
      }
    }

    double seconds(long at, long from) {
      return at == Long.MIN_VALUE ? Double.NaN : MirrorBenchmark.secs(at - from);
    }

    /** Records above the expected count: at-least-once re-sends. */
    long extraRecords(int perPartition) {
      return last.recordsPresent() - (long) remotes.size() * partitions * perPartition;
    }
  }

  /** One contender's figures. */
  record ScaleResult(
      String contender,
      double topicsSeconds,
      double recordsSeconds,
      double newTopicsSeconds,
      double rssMib,
      double cpuSeconds,
      long extraRecords,
      String note) {

    static final String HEADER =
        "| contender | all topics s | all records s | 50 new topics s | peak RSS MiB | CPU s "
            + "| re-sent | note |\n|---|---:|---:|---:|---:|---:|---:|---|\n";

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s | %d | %s |",
          contender,
          num(topicsSeconds, "%.1f"),
          num(recordsSeconds, "%.1f"),
          num(newTopicsSeconds, "%.1f"),
          num(rssMib, "%.0f"),
          num(cpuSeconds, "%.1f"),
          extraRecords,
          note);
    }

    /** The targets for kmirror with its default heap, met or not. */
    String targets() {
      Map<String, Boolean> met = new TreeMap<>();
      met.put("all mirrored <= 60 s", recordsSeconds <= 60);
      met.put("new topics <= 10 s", newTopicsSeconds <= 10);
      met.put("peak RSS <= 512 MiB", rssMib <= 512);
      StringBuilder s = new StringBuilder("targets:");
      met.forEach((k, v) -> s.append(' ').append(k).append(v ? " met;" : " NOT met;"));
      return s.toString();
    }

    private static String num(double v, String format) {
      return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }
  }
}

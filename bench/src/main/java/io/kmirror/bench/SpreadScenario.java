package io.kmirror.bench;

import io.kmirror.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code --scenario spread}: does kmirror's cost per record grow with the number of partitions? The
 * same backlog ({@code --records}, 100-byte values) is drained once from 1 topic and once from
 * {@code --topics} topics, all of {@code --partitions} partitions. Discovery and leader election
 * are left out on purpose (the scale scenario measures them): kmirror first mirrors one record per
 * partition, is stopped with SIGTERM, the backlog is written while it is down, and the drain rate
 * is the backlog over the time from its first to its last record arriving on B after the restart.
 */
final class SpreadScenario {

  private static final String PREFIX = "spread";
  private static final long LOOK_MILLIS = 250;

  private final BenchOptions options;

  SpreadScenario(BenchOptions options) {
    this.options = options;
  }

  /** One layout's drain. */
  record Drain(int topics, int partitions, long records, double launchToFirst, double seconds) {
    double rate() {
      return records / seconds;
    }
  }

  void run() throws Exception {
    System.out.println(Machine.describe());
    int many = options.scale().topics();
    System.out.printf(
        Locale.ROOT,
        "spread: %d records over 1 topic and over %d topics, %d partitions each%n",
        options.records(),
        many,
        options.partitions());
    Drain one = drain(1);
    Drain spread = drain(many);
    System.out.println();
    System.out.println("load at end: " + Machine.loadAverage());
    System.out.println(
        "| layout | partitions | records | restart to first record s | drain s | records/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (Drain d : List.of(one, spread)) {
      System.out.printf(
          Locale.ROOT,
          "| %d topic(s) x %d | %d | %d | %.1f | %.1f | %.0f |%n",
          d.topics(),
          options.partitions(),
          d.partitions(),
          d.records(),
          d.launchToFirst(),
          d.seconds(),
          d.rate());
    }
    double ratio = spread.rate() / one.rate();
    System.out.printf(
        Locale.ROOT,
        "%d topics / 1 topic: drain %.2fx (target >= 0.8x: %s)%n",
        many,
        ratio,
        ratio >= 0.8 ? "met" : "NOT met");
  }

  private Drain drain(int topicCount) throws Exception {
    int partitions = options.partitions();
    List<String> topics = ScaleTopics.names(PREFIX, topicCount);
    int perPartition = Math.max(1, options.records() / (topicCount * partitions));
    long backlog = (long) perPartition * topicCount * partitions;
    System.out.printf(
        Locale.ROOT, "%d topic(s): %d records per partition%n", topicCount, perPartition);
    try (EmbeddedKafkaCluster a = MirrorBenchmark.cluster("A");
        EmbeddedKafkaCluster b = MirrorBenchmark.cluster("B");
        Admin sourceAdmin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, a.bootstrapServers()));
        TargetCensus census = new TargetCensus(b.bootstrapServers())) {
      ScaleTopics.create(sourceAdmin, topics, partitions);
      ScaleTopics.fill(a.bootstrapServers(), topics, partitions, 1);
      Path dir = options.workDir().resolve("spread-" + topicCount);
      Map<String, String> base =
          BenchTopology.base(a.bootstrapServers(), b.bootstrapServers(), PREFIX + "-.*");
      base.put("refresh.topics.interval.seconds", "5");
      Path file = BenchTopology.write(dir, "kmirror", base, options.kmirrorProperties());
      List<String> command = Contender.KMIRROR.command(options, file, null);
      List<String> remotes = topics.stream().map(t -> "A." + t).toList();
      try (ContenderProcess warm = ContenderProcess.launch(command, dir.resolve("warm.log"))) {
        await(census, remotes, 1, warm);
      }
      System.out.println("  every partition mirrored once; kmirror stopped; writing the backlog");
      ScaleTopics.fill(a.bootstrapServers(), topics, partitions, perPartition);
      try (ContenderProcess process = ContenderProcess.launch(command, dir.resolve("drain.log"))) {
        long warmRecords = (long) topicCount * partitions;
        long first = Long.MIN_VALUE;
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (System.nanoTime() < deadline && process.alive()) {
          TargetCensus.Look look = look(census, remotes, 1 + perPartition);
          long now = System.nanoTime();
          if (first == Long.MIN_VALUE && look.recordsPresent() > warmRecords) {
            first = now;
          }
          if (look.partitionsComplete() == remotes.size() * partitions) {
            return new Drain(
                topicCount,
                topicCount * partitions,
                backlog,
                MirrorBenchmark.secs(first - process.launchedNanos()),
                MirrorBenchmark.secs(now - first));
          }
          pause();
        }
        throw new IllegalStateException("backlog not drained in time; see " + process.log());
      }
    }
  }

  private void await(
      TargetCensus census, List<String> remotes, long perPartition, ContenderProcess process)
      throws Exception {
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    while (System.nanoTime() < deadline && process.alive()) {
      if (look(census, remotes, perPartition).partitionsComplete()
          == remotes.size() * options.partitions()) {
        return;
      }
      pause();
    }
    throw new IllegalStateException("warm-up not mirrored in time; see " + process.log());
  }

  private TargetCensus.Look look(TargetCensus census, List<String> remotes, long perPartition)
      throws Exception {
    try {
      return census.look(remotes, options.partitions(), perPartition);
    } catch (ExecutionException | TimeoutException e) {
      return new TargetCensus.Look(0, 0, 0);
    }
  }

  /** A timed wait between looks, so the benchmark's threads stay interruptible. */
  private void pause() throws InterruptedException {
    synchronized (this) {
      wait(LOOK_MILLIS);
    }
  }
}

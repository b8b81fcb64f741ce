package io.kmirror.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Prints how long an embedded cluster takes to start and close, and what it holds while running:
 * heap retained (used heap after a full GC, minus the same before start) and live threads.
 *
 * <p>Run from the repository root (see docs/embedded-clusters.md):
 *
 * <pre>
 * mvn -q -pl broker-embedded test-compile exec:exec@benchmark
 * </pre>
 *
 * The first 1-broker round includes loading Kafka's classes, so it is reported apart from the warm
 * rounds' medians. Optional argument: rounds per size (default 3).
 */
public final class EmbeddedClusterBenchmark {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private EmbeddedClusterBenchmark() {}

  private record Round(
      int brokers, int round, long startMs, double heapMib, int threads, long closeMs) {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    // Only the table: log lines would interleave with it. Logging costs nothing measurable here.
    Configurator.setRootLevel(Level.ERROR);
    Configurator.setLevel("io.kmirror", Level.ERROR);
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, max heap %d MiB, Java %s, %s %s, load average %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println("brokers round  start-ms  heap-MiB  threads  close-ms");
    List<Round> results = new ArrayList<>();
    for (int brokers : new int[] {1, 3}) {
      for (int round = 1; round <= rounds; round++) {
        Round r = measure(brokers, round);
        results.add(r);
        System.out.printf(
            Locale.ROOT,
            "%7d %5d %9d %9.1f %8d %9d%n",
            r.brokers(),
            r.round(),
            r.startMs(),
            r.heapMib(),
            r.threads(),
            r.closeMs());
      }
    }
    for (int brokers : new int[] {1, 3}) {
      List<Round> warm =
          results.stream().filter(r -> r.brokers() == brokers && r.round() > 1).toList();
      if (!warm.isEmpty()) {
        System.out.printf(
            Locale.ROOT,
            "median of warm rounds, %d broker(s): start %d ms, heap %.1f MiB, threads %d, close %d ms%n",
            brokers,
            median(warm.stream().mapToLong(Round::startMs).toArray()),
            warm.stream().mapToDouble(Round::heapMib).sorted().toArray()[warm.size() / 2],
            median(warm.stream().mapToLong(Round::threads).toArray()),
            median(warm.stream().mapToLong(Round::closeMs).toArray()));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "load average at end %.2f (other processes on the machine slow start-up down)%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static Round measure(int brokers, int round) {
    long heapBefore = usedHeapAfterGc();
    int threadsBefore = Thread.activeCount();
    EmbeddedKafkaCluster cluster =
        EmbeddedKafkaCluster.builder()
            .name("bench-" + brokers + "-" + round)
            .brokers(brokers)
            .kafkaLogLevel("ERROR")
            .build();
    long t0 = System.nanoTime();
    cluster.start();
    long started = System.nanoTime();
    double heapMib = (usedHeapAfterGc() - heapBefore) / (1024.0 * 1024.0);
    int threads = Thread.activeCount() - threadsBefore;
    long t1 = System.nanoTime();
    cluster.close();
    long closed = System.nanoTime();
    return new Round(
        brokers, round, (started - t0) / 1_000_000, heapMib, threads, (closed - t1) / 1_000_000);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

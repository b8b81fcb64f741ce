package io.kmirror.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Command-line options of the benchmark, with the defaults the issue asks for.
 *
 * @param records backlog size per contender
 * @param rounds rounds of every contender; the table shows medians
 * @param partitions partitions of the source topic
 * @param valueBytes value size (keys are 16 bytes, plus 2 small headers)
 * @param rate records per second of the latency phase
 * @param warmup latency-phase warm-up, not measured
 * @param latencyPhase measured latency phase after the warm-up
 * @param drainTimeout longest wait for a contender to copy the backlog
 * @param contenders which contenders run, in order
 * @param kmirrorJar the shaded kmirror jar
 * @param kmirrorLauncher the launcher users get ({@code deploy/bin/kmirror}, with kmirror's default
 *     JVM settings), or {@code null} for a bare {@code java -jar}
 * @param mm2Lib the folder holding MirrorMaker 2's class path
 * @param workDir where properties files and contender logs go
 * @param kmirrorProperties extra keys for kmirror's file only, for tuning experiments (empty by
 *     default: the comparison runs kmirror as a user gets it)
 * @param scenario {@code compare} (the side-by-side drain and latency run), {@code scale} or {@code
 *     scaleout} (two kmirror processes: one joins, one dies)
 * @param scale the sizes of the scale scenario
 */
public record BenchOptions(
    int records,
    int rounds,
    int partitions,
    int valueBytes,
    int rate,
    Duration warmup,
    Duration latencyPhase,
    Duration drainTimeout,
    List<Contender> contenders,
    Path kmirrorJar,
    Path kmirrorLauncher,
    Path mm2Lib,
    Path workDir,
    Map<String, String> kmirrorProperties,
    String scenario,
    Scale scale) {

  /**
   * Sizes of the scale scenario ({@code --scenario scale}).
   *
   * @param topics source topics present before the contender starts
   * @param recordsPerPartition records in each of their partitions
   * @param newTopics topics created while the contender runs (discovery)
   */
  public record Scale(int topics, int recordsPerPartition, int newTopics) {}

  boolean scaleScenario() {
    return "scale".equals(scenario);
  }

  boolean spreadScenario() {
    return "spread".equals(scenario);
  }

  boolean scaleOutScenario() {
    return "scaleout".equals(scenario);
  }

  static final String USAGE =
      "usage: java -jar bench/target/kmirror-bench.jar [--records N] [--rounds R] [--rate R/s]\n"
          + "  [--warmup S] [--latency-seconds S] [--partitions P] [--value-bytes B]\n"
          + "  [--contenders pipe,kmirror,kmirror-eos,mm2-tuned,mm2] [--kmirror-jar PATH] [--kmirror-launcher PATH]\n"
          + "  [--mm2-lib DIR] [--work-dir DIR] [--drain-timeout S] [--kmirror-property KEY=VALUE]...\n"
          + "  [--scenario compare|scale|scaleout|spread] [--topics N] [--records-per-partition R] [--new-topics N]";

  /** Parses {@code args}; throws {@link IllegalArgumentException} with a one-line reason. */
  static BenchOptions parse(String[] args, Path benchTarget) {
    Builder b = new Builder(benchTarget);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      b.set(name, args[++i]);
    }
    return b.build();
  }

  private static final class Builder {
    private int records = 1_000_000;
    private int rounds = 1;
    private int partitions = 8;
    private int valueBytes = 512;
    private int rate = 5_000;
    private int warmupSeconds = 5;
    private int latencySeconds = 20;
    private int drainTimeoutSeconds = 300;
    private List<Contender> contenders;
    private String scenario = "compare";
    private int topics = 1000;
    private int recordsPerPartition = 10;
    private int newTopics = 50;
    private Path kmirrorJar;
    private Path kmirrorLauncher;
    private Path mm2Lib;
    private Path workDir;
    private final Map<String, String> kmirrorProperties = new TreeMap<>();

    Builder(Path benchTarget) {
      kmirrorJar = benchTarget.resolve("../../replicator/target/kmirror.jar").normalize();
      Path launcher = benchTarget.resolve("../../deploy/bin/kmirror").normalize();
      kmirrorLauncher = java.nio.file.Files.isExecutable(launcher) ? launcher : null;
      mm2Lib = benchTarget.resolve("mm2-lib");
      workDir = benchTarget.resolve("bench-runs");
    }

    void set(String name, String value) {
      switch (name) {
        case "--records" -> records = positive(name, value);
        case "--rounds" -> rounds = positive(name, value);
        case "--partitions" -> partitions = positive(name, value);
        case "--value-bytes" -> valueBytes = Math.max(16, positive(name, value));
        case "--rate" -> rate = positive(name, value);
        case "--warmup" -> warmupSeconds = positive(name, value);
        case "--latency-seconds" -> latencySeconds = positive(name, value);
        case "--drain-timeout" -> drainTimeoutSeconds = positive(name, value);
        case "--contenders" -> contenders = contenders(value);
        case "--kmirror-jar" -> kmirrorJar = Path.of(value);
        case "--kmirror-launcher" -> kmirrorLauncher = "none".equals(value) ? null : Path.of(value);
        case "--mm2-lib" -> mm2Lib = Path.of(value);
        case "--work-dir" -> workDir = Path.of(value);
        case "--scenario" -> scenario = scenario(value);
        case "--topics" -> topics = positive(name, value);
        case "--records-per-partition" -> recordsPerPartition = positive(name, value);
        case "--new-topics" -> newTopics = positive(name, value);
        case "--kmirror-property" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(name + " " + value + ": expected KEY=VALUE");
          }
          kmirrorProperties.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }

    private static int positive(String name, String value) {
      try {
        int v = Integer.parseInt(value);
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " " + value + ": expected a positive integer");
    }

    private static String scenario(String value) {
      if (!List.of("compare", "scale", "scaleout", "spread").contains(value)) {
        throw new IllegalArgumentException(
            "--scenario " + value + ": expected compare, scale, scaleout or spread");
      }
      return value;
    }

    private static List<Contender> contenders(String value) {
      List<Contender> list = new ArrayList<>();
      for (String name : value.split(",")) {
        list.add(Contender.byName(name.trim().toLowerCase(Locale.ROOT)));
      }
      return List.copyOf(list);
    }

    BenchOptions build() {
      return new BenchOptions(
          records,
          rounds,
          partitions,
          valueBytes,
          rate,
          Duration.ofSeconds(warmupSeconds),
          Duration.ofSeconds(latencySeconds),
          Duration.ofSeconds(drainTimeoutSeconds),
          contenders != null ? contenders : defaultContenders(),
          kmirrorJar,
          kmirrorLauncher,
          mm2Lib,
          workDir,
          Map.copyOf(kmirrorProperties),
          scenario,
          new Scale(topics, recordsPerPartition, newTopics));
    }

    /** The scale scenario compares kmirror with tuned MM2 only (the two contenders). */
    private List<Contender> defaultContenders() {
      return "scale".equals(scenario)
          ? List.of(Contender.KMIRROR, Contender.MM2_TUNED)
          : List.of(Contender.PIPE, Contender.KMIRROR, Contender.MM2_TUNED, Contender.MM2);
    }
  }
}

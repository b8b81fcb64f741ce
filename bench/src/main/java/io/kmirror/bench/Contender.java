package io.kmirror.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contenders and how each is launched as its own process. Every one reads the same MM2-format
 * properties file ({@link BenchTopology#base}); tuned MM2 gets that file plus its tuning keys.
 */
enum Contender {
  PIPE("pipe", "pipe (consumer->producer)"),
  KMIRROR("kmirror", "kmirror (defaults)"),
  /** kmirror with {@code kmirror.exactly.once.enabled = true}; not in the default set. */
  KMIRROR_EOS("kmirror-eos", "kmirror exactly-once"),
  MM2_TUNED("mm2-tuned", "MM2 tuned"),
  MM2("mm2", "MM2 defaults");

  /** JVM options of Kafka's connect-mirror-maker.sh (kafka-run-class.sh): what an MM2 user gets. */
  static final List<String> MM2_JVM =
      List.of(
          "-Xms256M",
          "-Xmx2G",
          "-server",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-XX:MaxInlineLevel=15",
          "-Djava.awt.headless=true");

  /** The pipe runs with the JVM settings of kmirror's launcher, so the two differ only in code. */
  static final List<String> PIPE_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseParallelGC");

  /**
   * Tuned MM2: two tasks on two cores, plugin discovery without a class-path scan, and the same
   * client tuning kmirror applies by default (batching, in-flight, idempotence, large fetches).
   */
  static final Map<String, String> MM2_TUNING =
      Map.ofEntries(
          Map.entry("tasks.max", "2"),
          // MM2 builds each herder's plugins from the target cluster's settings, not the top level.
          Map.entry("A.plugin.discovery", "service_load"),
          Map.entry("B.plugin.discovery", "service_load"),
          Map.entry("B.producer.linger.ms", "5"),
          Map.entry("B.producer.batch.size", "524288"),
          Map.entry("B.producer.buffer.memory", "67108864"),
          Map.entry("B.producer.max.in.flight.requests.per.connection", "5"),
          Map.entry("B.producer.enable.idempotence", "true"),
          Map.entry("B.producer.acks", "all"),
          Map.entry("B.producer.compression.type", "none"),
          Map.entry("A.consumer.max.partition.fetch.bytes", "1048576"),
          Map.entry("A.consumer.fetch.max.bytes", "16777216"),
          Map.entry("A.consumer.max.poll.records", "4000"));

  private final String id;
  private final String label;

  Contender(String id, String label) {
    this.id = id;
    this.label = label;
  }

  String id() {
    return id;
  }

  String label() {
    return label;
  }

  static Contender byName(String name) {
    for (Contender c : values()) {
      if (c.id.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown contender " + name + " (pipe, kmirror, kmirror-eos, mm2-tuned, mm2)");
  }

  /** Keys added to the common file for this contender. */
  Map<String, String> extraProperties(BenchOptions options) {
    return switch (this) {
      case MM2_TUNED -> MM2_TUNING;
      case KMIRROR -> options.kmirrorProperties();
      case KMIRROR_EOS -> withExactlyOnce(options.kmirrorProperties());
      default -> Map.of();
    };
  }

  private static Map<String, String> withExactlyOnce(Map<String, String> kmirror) {
    Map<String, String> keys = new java.util.LinkedHashMap<>(kmirror);
    keys.put("kmirror.exactly.once.enabled", "true");
    return Map.copyOf(keys);
  }

  /** The command line that runs this contender on {@code file}. */
  List<String> command(BenchOptions options, Path file, Path log4jConfig) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    switch (this) {
      case PIPE -> {
        cmd.add(java);
        cmd.addAll(PIPE_JVM);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PipeMain.class.getName());
      }
      case KMIRROR, KMIRROR_EOS -> {
        if (options.kmirrorLauncher() != null) {
          cmd.add("env");
          cmd.add("KMIRROR_JAR=" + options.kmirrorJar());
          cmd.add(options.kmirrorLauncher().toString());
        } else {
          cmd.add(java);
          cmd.add("-jar");
          cmd.add(options.kmirrorJar().toString());
        }
        cmd.add("run");
      }
      case MM2_TUNED, MM2 -> {
        cmd.add(java);
        cmd.addAll(MM2_JVM);
        cmd.add("-Dlog4j2.configurationFile=" + log4jConfig);
        cmd.add("-cp");
        cmd.add(options.mm2Lib().toAbsolutePath() + "/*");
        cmd.add("org.apache.kafka.connect.mirror.MirrorMaker");
      }
      default -> throw new IllegalStateException(name());
    }
    cmd.add(file.toString());
    return cmd;
  }
}

package io.kmirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A contender running as its own process, its output going to a log file. */
final class ContenderProcess implements AutoCloseable {

  private final Process process;
  private final long launchedNanos;
  private final Path log;

  /**
   * Kills the contender if the benchmark dies first (Ctrl-C, a failure): a replicator left running
   * would keep a core busy and spoil every later measurement on the machine.
   */
  private final Thread orphanGuard;

  private ContenderProcess(Process process, long launchedNanos, Path log) {
    this.process = process;
    this.launchedNanos = launchedNanos;
    this.log = log;
    this.orphanGuard = new Thread(this::kill, "bench-contender-guard");
    Runtime.getRuntime().addShutdownHook(orphanGuard);
  }

  static ContenderProcess launch(List<String> command, Path log) {
    return launch(command, log, Map.of());
  }

  /** Launches with {@code environment} added to the benchmark's own. */
  static ContenderProcess launch(List<String> command, Path log, Map<String, String> environment) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectErrorStream(true);
      pb.environment().putAll(environment);
      Files.writeString(
          log,
          "# launched at " + java.time.LocalTime.now() + ": " + String.join(" ", command) + "\n",
          java.nio.charset.StandardCharsets.UTF_8);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      long launched = System.nanoTime();
      return new ContenderProcess(pb.start(), launched, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch " + command, e);
    }
  }

  long launchedNanos() {
    return launchedNanos;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  double peakRssMib() {
    return ProcStats.peakRssMib(process.toHandle());
  }

  double cpuSeconds() {
    return ProcStats.cpuSeconds(process.toHandle());
  }

  /** SIGTERM, then SIGKILL after 30 s; descendants too. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the guard runs (or ran) anyway.
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGKILL, as a crash or the OOM killer ends a process: no shutdown hook runs. */
  void killHard() throws InterruptedException {
    kill();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}

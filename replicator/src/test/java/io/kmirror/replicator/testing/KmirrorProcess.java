package io.kmirror.replicator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kmirror run FILE} as an operator runs it: its own JVM (the test's classpath, the shipped
 * logging set-up), which a test can kill with SIGKILL and start again on the same file. Each start
 * writes its own stdout and stderr files in the folder given, so a failed test shows every run's
 * log.
 */
public final class KmirrorProcess implements AutoCloseable {

  /** By name: the testing helpers sit below the command line in the layering. */
  private static final String MAIN = "io.kmirror.replicator.cli.Main";

  private static final Pattern METRICS_URL =
      Pattern.compile("metrics, health and status: http://localhost:(\\d+)/metrics");

  private final Path topology;
  private final Path logs;
  private final List<String> jvmOptions;
  private Process process;
  private int starts;

  /**
   * @param topology the file {@code run} reads
   * @param logs where each start's {@code stdout-N.txt} and {@code stderr-N.txt} go
   * @param jvmOptions extra JVM options, e.g. {@code -Xmx256m}
   */
  public KmirrorProcess(Path topology, Path logs, List<String> jvmOptions) {
    this.topology = topology;
    this.logs = logs;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** Starts {@code kmirror run}; fails if a previous start is still alive. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("kmirror is still running (pid " + process.pid() + ")");
    }
    starts++;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dlog4j2.configurationFile=log4j2.xml");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN);
    command.add("run");
    command.add(topology.toString());
    try {
      process =
          new ProcessBuilder(command)
              .redirectOutput(stdout(starts).toFile())
              .redirectError(stderr(starts).toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as a crash or the OOM killer would; returns once the process is gone. */
  public synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("kmirror (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** How many times {@link #start()} was called. */
  public synchronized int starts() {
    return starts;
  }

  /** The HTTP port the current run printed, once it printed it. */
  public int httpPort(Duration wait) {
    int start = starts();
    Matcher[] found = new Matcher[1];
    await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              found[0] = METRICS_URL.matcher(read(stdout(start)));
              return found[0].find();
            });
    return Integer.parseInt(found[0].group(1));
  }

  /** The current run's stderr (kmirror's log). */
  public String log() {
    return read(stderr(starts()));
  }

  /** Every run's stdout and stderr, in order, for a failure message. */
  public String allLogs() {
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= starts(); i++) {
      all.append("--- run ").append(i).append(" stdout\n").append(read(stdout(i)));
      all.append("--- run ").append(i).append(" stderr\n").append(read(stderr(i)));
    }
    return all.toString();
  }

  private Path stdout(int start) {
    return logs.resolve("stdout-" + start + ".txt");
  }

  private Path stderr(int start) {
    return logs.resolve("stderr-" + start + ".txt");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the process if it still runs: a test never leaves a kmirror behind. */
  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}

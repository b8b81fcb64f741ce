package io.kmirror.replicator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kmirror as an operator runs it: its own process, which a test can stop with SIGTERM, kill with
 * SIGKILL and start again with the same command. The one helper every test that launches kmirror
 * uses: {@code kmirror run FILE} on this test's class path ({@link #KmirrorProcess(Path, Path,
 * List)}), as deployed from the shaded jar with the launcher's JVM flags ({@link #deployed}), or
 * any command such as the launcher script itself ({@link #command}).
 *
 * <p>Each start writes its own {@code stdout-N.txt} and {@code stderr-N.txt} in the folder given
 * (stderr is kmirror's log, the shipped Log4j set-up), so a failed test shows every run's output;
 * {@link #log()} and {@link #stdout()} read the current start's.
 */
public final class KmirrorProcess implements AutoCloseable {

  /** The shaded jar; tests run in the replicator module's folder. */
  public static final Path JAR = Path.of("target", "kmirror.jar").toAbsolutePath();

  /** By name: the testing helpers sit below the command line in the layering. */
  private static final String MAIN = "io.kmirror.replicator.cli.Main";

  /** The launcher's defaults (deploy/bin/kmirror), so start-up is measured as deployed. */
  private static final List<String> LAUNCHER_JVM_FLAGS =
      List.of("-Xms64m", "-Xmx256m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError");

  private static final Pattern METRICS_URL =
      Pattern.compile("metrics, health and status: http://localhost:(\\d+)/metrics");

  private final List<String> command;
  private final Map<String, String> env;
  private final Path logs;
  private Process process;
  private LocalTime launched;
  private int starts;

  private KmirrorProcess(List<String> command, Map<String, String> env, Path logs) {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.logs = logs;
  }

  /**
   * {@code kmirror run topology} on this test's class path.
   *
   * @param topology the file {@code run} reads
   * @param logs where each start's {@code stdout-N.txt} and {@code stderr-N.txt} go
   * @param jvmOptions extra JVM options, e.g. {@code -Xmx256m}
   */
  public KmirrorProcess(Path topology, Path logs, List<String> jvmOptions) {
    this(java(jvmOptions, false, List.of("run", topology.toString())), Map.of(), logs);
  }

  /**
   * {@code kmirror run topology} as a service manager starts it: the shaded jar ({@link #JAR},
   * built by {@code package} before failsafe runs) with the launcher's JVM flags, or, when the jar
   * is not built (an IT run from an IDE), the main class on this test's class path; {@code env} is
   * added to this JVM's environment.
   */
  public static KmirrorProcess deployed(Path topology, Path logs, Map<String, String> env) {
    return new KmirrorProcess(
        java(LAUNCHER_JVM_FLAGS, true, List.of("run", topology.toString())), env, logs);
  }

  /** Any command that runs kmirror (the launcher script, say), {@code env} added. */
  public static KmirrorProcess command(List<String> command, Path logs, Map<String, String> env) {
    return new KmirrorProcess(command, env, logs);
  }

  private static List<String> java(List<String> jvmOptions, boolean jar, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // The shipped logging set-up (stderr, timestamps, no Log4j exit hook that would swallow the
    // drain's lines), not the tests' log4j2-test.xml.
    command.add("-Dlog4j2.configurationFile=log4j2.xml");
    if (jar && Files.isRegularFile(JAR)) {
      command.addAll(List.of("-jar", JAR.toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
    }
    command.addAll(args);
    return command;
  }

  /** Starts the command; fails if a previous start is still alive. Returns this. */
  public synchronized KmirrorProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("kmirror is still running (pid " + process.pid() + ")");
    }
    starts++;
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(stdout(starts).toFile())
            .redirectError(stderr(starts).toFile());
    builder.environment().putAll(env);
    launched = LocalTime.now();
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** SIGKILL, as a crash or the OOM killer would: nothing is flushed. Returns once it is gone. */
  public synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("kmirror (pid " + process.pid() + ") survived SIGKILL");
    }
  }

  /**
   * SIGSTOP: the process freezes where it is, sockets open, as in a long GC pause or a VM stalled
   * by its host; {@link #resume()} lets it go on as if nothing had happened (a zombie).
   */
  public synchronized void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public synchronized void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /**
   * SIGTERM, what a service manager sends for a drained stop: the exit status, or empty if it still
   * runs after {@code grace}.
   */
  public OptionalInt stop(Duration grace) throws InterruptedException {
    process().destroy();
    return awaitExit(grace);
  }

  /** The exit status once the process ends within {@code wait}, empty if it still runs. */
  public OptionalInt awaitExit(Duration wait) throws InterruptedException {
    Process current = process();
    return current.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(current.exitValue())
        : OptionalInt.empty();
  }

  private synchronized Process process() {
    return process;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** How many times {@link #start()} was called. */
  public synchronized int starts() {
    return starts;
  }

  /** Wall-clock time (this machine's zone, as the log's timestamps) just before the last start. */
  public synchronized LocalTime launched() {
    return launched;
  }

  /** The HTTP port the current run printed, once it printed it. */
  public int httpPort(Duration wait) {
    Matcher[] found = new Matcher[1];
    await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              found[0] = METRICS_URL.matcher(stdout());
              return found[0].find();
            });
    return Integer.parseInt(found[0].group(1));
  }

  /** The current run's stdout (what the command prints for the operator). */
  public String stdout() {
    return read(stdout(starts()));
  }

  /** The current run's stderr (kmirror's log). */
  public String log() {
    return read(stderr(starts()));
  }

  /** The first line of the current run's log containing {@code text}, once there is one. */
  public Optional<String> lineWith(String text) {
    return log().lines().filter(line -> line.contains(text)).findFirst();
  }

  /** The timestamp of the first line of the current run's log containing {@code text}. */
  public Optional<LocalTime> firstLine(String text) {
    for (String line : log().split("\n", -1)) {
      if (line.contains(text) && line.length() > 12) {
        try {
          return Optional.of(LocalTime.parse(line.substring(0, 12)));
        } catch (DateTimeParseException e) {
          // Not a log line (a stack trace's, say): no timestamp.
        }
      }
    }
    return Optional.empty();
  }

  /** From the last start to the first line of its log containing {@code text}. */
  public Optional<Duration> sinceLaunch(String text) {
    LocalTime start = launched();
    return firstLine(text).map(at -> Duration.between(start, at));
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

package io.kmirror.replicator.testing;

import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * {@code kmirror run FILE} as a separate JVM, as a service manager starts it: the shaded jar
 * ({@code replicator/target/kmirror.jar}, built by {@code package} before failsafe runs) with the
 * launcher's default JVM flags, or, when the jar is not built (an IT run from an IDE), the main
 * class on this test's class path. Its log (stderr, the shipped Log4j set-up) goes to a file the
 * test reads; {@link #kill()} is SIGKILL, {@link #stop()} SIGTERM.
 */
public final class KmirrorChild implements AutoCloseable {

  /** The shaded jar; tests run in the replicator module's folder. */
  public static final Path JAR = Path.of("target", "kmirror.jar").toAbsolutePath();

  /** The launcher's defaults (deploy/bin/kmirror), so start-up is measured as deployed. */
  private static final List<String> JVM_FLAGS =
      List.of("-Xms64m", "-Xmx256m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError");

  private final Process process;
  private final Path log;
  private final LocalTime launched;

  private KmirrorChild(Process process, Path log, LocalTime launched) {
    this.process = process;
    this.log = log;
    this.launched = launched;
  }

  /**
   * Starts {@code kmirror run topology}, its stdout and stderr appended to {@code log}, with {@code
   * env} added to this JVM's environment.
   */
  public static KmirrorChild run(Path topology, Path log, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    // The shipped logging set-up (stderr, timestamps), not the tests' log4j2-test.xml.
    command.add("-Dlog4j2.configurationFile=log4j2.xml");
    if (Files.isRegularFile(JAR)) {
      command.addAll(List.of("-jar", JAR.toString()));
    } else {
      command.addAll(
          List.of("-cp", System.getProperty("java.class.path"), "io.kmirror.replicator.cli.Main"));
    }
    command.addAll(List.of("run", topology.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    LocalTime launched = LocalTime.now();
    return new KmirrorChild(builder.start(), log, launched);
  }

  /** Wall-clock time (this machine's zone, as the log's timestamps) just before the launch. */
  public LocalTime launched() {
    return launched;
  }

  /** The log so far. */
  public String log() throws IOException {
    File f = log.toFile();
    return f.exists() ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /**
   * The timestamp of the first log line at or after this launch containing {@code text} (the log
   * file may hold earlier runs' lines too).
   */
  public Optional<LocalTime> firstLine(String text) throws IOException {
    for (String line : log().split("\n", -1)) {
      if (line.contains(text) && line.length() > 12) {
        try {
          LocalTime at = LocalTime.parse(line.substring(0, 12));
          if (!at.isBefore(launched.minusNanos(1_000_000))) {
            return Optional.of(at);
          }
        } catch (DateTimeParseException e) {
          // Not a log line (stdout of the command): no timestamp.
        }
      }
    }
    return Optional.empty();
  }

  /** The first log line containing {@code text}, empty when there is none yet. */
  public String lineWith(String text) throws IOException {
    for (String line : log().split("\n", -1)) {
      if (line.contains(text)) {
        return line;
      }
    }
    return "";
  }

  /** From the launch to the first line containing {@code text}. */
  public Optional<Duration> sinceLaunch(String text) throws IOException {
    return firstLine(text).map(at -> Duration.between(launched, at));
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash: nothing is flushed, committed or left. Waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: a drained stop. Returns the exit status, or -1 if still running after 40 s. */
  public int stop() throws InterruptedException {
    process.destroy();
    return process.waitFor(40, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}

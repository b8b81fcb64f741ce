package io.kmirror.replicator.cli;

import io.kmirror.replicator.demo.DemoPlan;
import io.kmirror.replicator.demo.DemoRun;
import io.kmirror.replicator.demo.DemoSettings;
import io.kmirror.replicator.demo.DemoSetupException;
import io.kmirror.replicator.demo.Verdict;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Problem;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kmirror demo [FILE]}: the newcomer's first run. Starts the file's clusters (embedded),
 * creates sample topics named after each flow's topic patterns, produces sample records at a modest
 * rate, runs the replicator exactly as {@code kmirror run} does, and prints a live table until
 * Ctrl-C or SIGTERM, which drain and exit 0. With {@code --duration} the run is bounded: the
 * traffic stops, the demo waits for the targets to catch up, and exits 0 only if every target holds
 * every source record exactly once.
 */
@Command(
    name = "demo",
    // One element per paragraph: picocli wraps each at the terminal width, never mid-sentence.
    description = {
      "Runs a topology on embedded clusters with sample traffic and shows replication live:"
          + " records copied, lag and p99 latency per flow, every 2 s, until Ctrl-C or SIGTERM.",
      "With --duration, stops the traffic after that many seconds and verifies that every"
          + " target holds exactly the records of its sources."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:stopped by a signal, or --duration run verified (source and target counts match)",
      "1:--duration run found a difference, or the demo could not start",
      "2:the file is missing or not valid, or gives no sample topic"
    })
final class DemoCommand implements Callable<Integer> {

  static final String DEFAULT_FILE = "config-examples/quickstart.properties";

  private final Console console;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "the topology, every cluster embedded (default: " + DEFAULT_FILE + ")")
  private Path file;

  @Option(
      names = "--duration",
      paramLabel = "S",
      description = "stop the traffic after S seconds, verify, and exit 0 (match) or 1")
  private Integer durationSeconds;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description = "records per second on each sample topic (default: ${DEFAULT-VALUE})",
      defaultValue = "" + DemoSettings.DEFAULT_RATE)
  private int rate;

  DemoCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    DemoSettings settings = settings();
    Topology topology = topology();
    DemoPlan plan;
    try {
      plan = DemoPlan.of(topology);
    } catch (DemoSetupException e) {
      throw new BadInputException(e.getMessage());
    }
    console.println(
        "kmirror demo: "
            + topology.file()
            + ", "
            + topology.pattern().describe()
            + (durationSeconds == null
                ? "; stop with Ctrl-C"
                : "; traffic for " + durationSeconds + " s, then verification"));
    DemoRun run = DemoRun.of(topology, plan, settings, console::println);
    CountDownLatch signalled = new CountDownLatch(1);
    // Registered before anything starts, so a signal during start-up drains too.
    Thread hook = new Thread(() -> stopOnSignal(run, signalled), "kmirror-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run.start();
    } catch (Exception | Error e) {
      if (!removeHook(hook)) {
        signalled.await();
      }
      throw e;
    }
    if (durationSeconds == null || signalled.await(durationSeconds, TimeUnit.SECONDS)) {
      // The hook drains and ends the JVM; only a signal gets here.
      signalled.await();
      return ExitCode.OK;
    }
    Verdict verdict = run.finish();
    if (!removeHook(hook)) {
      signalled.await();
      return ExitCode.OK;
    }
    console.println("stopping: draining the replicator and closing the clusters");
    run.close();
    return verdict.passed() ? ExitCode.OK : ExitCode.FAILURE;
  }

  private Topology topology() {
    Path path = file == null ? Path.of(DEFAULT_FILE) : file;
    if (file == null && !Files.isRegularFile(path)) {
      throw new BadInputException(
          "no FILE given and "
              + DEFAULT_FILE
              + " is not in "
              + Path.of("").toAbsolutePath()
              + "; run from the repository root or name a topology file");
    }
    ParsedTopology parsed = ClientClassPolicy.apply(new TopologyParser().parse(path));
    parsed.warnings().stream().map(Problem::line).forEach(console::error);
    return ReplicatorProcess.withHttpPortOrAnyFree(parsed.topology());
  }

  private DemoSettings settings() {
    if (durationSeconds != null && durationSeconds < 1) {
      throw new BadInputException(
          "--duration " + durationSeconds + " is too short; expected at least 1 second");
    }
    if (rate < 1 || rate > DemoSettings.MAX_RATE) {
      throw new BadInputException(
          "--rate "
              + rate
              + " is out of range; expected 1.."
              + DemoSettings.MAX_RATE
              + " records/s per topic");
    }
    return DemoSettings.atRate(rate);
  }

  /** False when a shutdown is already under way: then the hook owns the ending. */
  private static boolean removeHook(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Runs in the shutdown hook a signal starts: drain and close, then end the JVM with status 0,
   * since a signal's own status (130, 143) would tell scripts that the stop failed.
   */
  private void stopOnSignal(DemoRun run, CountDownLatch signalled) {
    console.println("");
    console.println("kmirror demo: stopping, draining the replicator and closing the clusters");
    run.close();
    console.println("kmirror demo: stopped");
    console.flush();
    signalled.countDown();
    Runtime.getRuntime().halt(ExitCode.OK);
  }
}

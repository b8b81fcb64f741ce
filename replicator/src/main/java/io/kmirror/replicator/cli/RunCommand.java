package io.kmirror.replicator.cli;

import io.kmirror.replicator.process.InstanceIdentity;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.replicator.process.StartupWatch;
import io.kmirror.replicator.runtime.FlowStatus;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Problem;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kmirror run FILE}: the long-running service. Starts the file's embedded clusters (and
 * prints their addresses), then every enabled flow; runs until SIGTERM or Ctrl-C, then drains
 * (in-flight records acknowledged or left uncommitted, progress stored, clients closed) and exits 0
 * within 30 s.
 */
@Command(
    name = "run",
    description = {
      "Runs every enabled flow of a topology file until stopped (SIGTERM or Ctrl-C).",
      "Clusters whose bootstrap.servers is 'embedded' are started in this process first."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:stopped by a signal after draining",
      "1:the replicator could not start: an embedded cluster failed, the HTTP port is taken, or a"
          + " flow was refused for good within kmirror.startup.timeout.seconds (client"
          + " configuration rejected, credentials refused). A cluster that does not answer is"
          + " retried for ever, not an exit.",
      "2:the file is not valid (bad values, unresolvable ${env:...} or ${file:...} references),"
          + " or enables no flow"
    })
final class RunCommand implements Callable<Integer> {

  private final Console console;

  @Mixin private TopologyFile file;

  RunCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    ParsedTopology parsed = file.parse();
    parsed.warnings().stream().map(Problem::line).forEach(console::error);
    // A stable group identity, so that a restarted process takes its partitions back at once.
    Topology topology = InstanceIdentity.forRun(parsed.topology());
    if (topology.enabledFlows().isEmpty()) {
      throw new BadInputException(file.path() + ": no enabled flow (set A->B.enabled = true)");
    }
    ReplicatorProcess process = ReplicatorProcess.start(topology, RuntimeSettings.defaults());
    process
        .embeddedAddresses()
        .forEach(
            (name, address) -> console.println("cluster " + name + " (embedded) at " + address));
    console.println(
        "kmirror running "
            + topology.enabledFlows().size()
            + " flow(s) from "
            + file.path()
            + "; stop with Ctrl-C or SIGTERM");
    console.println(
        "metrics, health and status: " + process.httpUrl() + "/metrics /health /ready /api/status");
    // The drain hook goes in before the start-up wait: a SIGTERM during that wait must drain and
    // exit 0 like any other. A refused start takes the hook out again, since the hook's exit 0
    // would hide the 1 that Main returns.
    CountDownLatch drained = new CountDownLatch(1);
    Thread hook = new Thread(() -> drainThenExit(process, drained), "kmirror-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!started(process, topology) && withoutHook(hook)) {
      process.close();
      return ExitCode.FAILURE;
    }
    drained.await();
    return ExitCode.OK;
  }

  /**
   * Waits out the start-up window; prints one line per flow refused for good (then the caller exits
   * 1) or, when the window closes on flows still retrying, one line per flow naming what it waits
   * for (and goes on running).
   */
  private boolean started(ReplicatorProcess process, Topology topology)
      throws InterruptedException {
    Duration window = topology.settings().run().startupTimeout();
    StartupWatch.Result result = StartupWatch.await(process.replicator(), window);
    if (result.outcome() == StartupWatch.Outcome.STARTED) {
      console.println("kmirror: every flow started");
      return true;
    }
    boolean refused = result.outcome() == StartupWatch.Outcome.REFUSED;
    result
        .flows()
        .forEach(
            (flow, status) -> {
              if (refused && status.state() == FlowStatus.State.REFUSED) {
                console.error(
                    "kmirror run: flow "
                        + flow
                        + " refused: "
                        + status.lastError().orElse("no reason given")
                        + "; this will not heal by itself: fix the file or the credentials");
              } else if (!refused && status.state() != FlowStatus.State.RUNNING) {
                console.error(
                    "kmirror run: after "
                        + window.toSeconds()
                        + " s flow "
                        + flow
                        + " is still waiting ("
                        + status.lastError().orElse("starting")
                        + "); a cluster that does not answer may yet come up, so kmirror keeps"
                        + " retrying with backoff");
              }
            });
    return !refused;
  }

  /**
   * Runs in the shutdown hook a signal starts: drain, then end the JVM with status 0, since a
   * signal's own status (130, 143) would tell scripts that the stop failed.
   */
  /** False when a stop signal already runs the hook: then it drains and exits, not the caller. */
  private static boolean withoutHook(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      return false;
    }
  }

  private void drainThenExit(ReplicatorProcess process, CountDownLatch drained) {
    console.error("kmirror: stopping, draining every flow");
    process.close();
    console.error("kmirror: stopped");
    console.flush();
    drained.countDown();
    Runtime.getRuntime().halt(ExitCode.OK);
  }
}

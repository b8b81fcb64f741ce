package io.kmirror.replicator.cli;

import io.kmirror.replicator.process.InstanceIdentity;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Problem;
import io.kmirror.topology.Topology;
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
      "1:the replicator could not start (an embedded cluster failed, the HTTP port is taken)",
      "2:the file is not valid, or enables no flow"
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
    CountDownLatch drained = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> drainThenExit(process, drained), "kmirror-shutdown"));
    drained.await();
    return ExitCode.OK;
  }

  /**
   * Runs in the shutdown hook a signal starts: drain, then end the JVM with status 0, since a
   * signal's own status (130, 143) would tell scripts that the stop failed.
   */
  private void drainThenExit(ReplicatorProcess process, CountDownLatch drained) {
    console.error("kmirror: stopping, draining every flow");
    process.close();
    console.error("kmirror: stopped");
    console.flush();
    drained.countDown();
    Runtime.getRuntime().halt(ExitCode.OK);
  }
}

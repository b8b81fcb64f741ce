package io.kmirror.replicator.cli;

import io.kmirror.replicator.failover.Drill;
import io.kmirror.replicator.failover.DrillFiles;
import io.kmirror.replicator.failover.DrillReport;
import io.kmirror.replicator.failover.EmbeddedDrill;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Problem;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kmirror drill FILE --from A --to B [--groups G,...] [--report BASE]} and {@code kmirror
 * drill --embedded}: a disaster-recovery drill with RPO, RTO and per-group verification, written as
 * Markdown and JSON. Runbook: docs/failover.md.
 */
@Command(
    name = "drill",
    description = {
      "Runs a disaster-recovery drill on a flow and writes a report.",
      "At a cut it measures what the target lacks (RPO), fails the groups over,",
      "starts a consumer per group on the target and checks by content that each",
      "resumes right after its last committed record (0 re-read, 0 skipped), and",
      "measures the time from the cut to every consumer resumed (RTO).",
      "On live clusters the source keeps running. With --embedded the whole drill",
      "runs on embedded clusters with sample traffic and the source really stops."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every group resumed with 0 re-read and 0 skipped",
      "1:a group re-read, skipped, could not be verified, was refused or not committed",
      "2:bad input: invalid file, unknown cluster or flow, missing --from/--to"
    })
final class DrillCommand implements Callable<Integer> {

  /** Where reports go without --report: one git-ignored folder, not the working directory. */
  static final String REPORTS_DIR = "kmirror-reports";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private final Console console;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "the topology (not with --embedded)")
  private Path file;

  @Option(names = "--from", paramLabel = "CLUSTER", description = "the source cluster of the drill")
  private String from;

  @Option(
      names = "--to",
      paramLabel = "CLUSTER",
      description = "the cluster the groups fail over to")
  private String to;

  @Option(
      names = "--groups",
      split = ",",
      paramLabel = "G",
      description =
          "groups to drill (default: every source group matching the flow's groups filter)")
  private List<String> groups = new ArrayList<>();

  @Option(
      names = "--report",
      paramLabel = "BASE",
      description =
          "report path without extension: BASE.md and BASE.json (default:"
              + " kmirror-reports/kmirror-drill-A-B-TIME)")
  private Path report;

  @Option(
      names = "--embedded",
      description = "run the whole drill on embedded clusters with a real outage")
  private boolean embedded;

  @Option(
      names = "--source-timeout",
      paramLabel = "S",
      defaultValue = "10",
      description =
          "seconds failover waits for the source before using checkpoints (default: ${DEFAULT-VALUE})")
  private int sourceTimeout;

  DrillCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    if (sourceTimeout < 1) {
      throw new BadInputException("--source-timeout must be at least 1 second");
    }
    DrillReport result = embedded ? embedded() : live();
    Path base =
        report != null
            ? report
            : Path.of(
                REPORTS_DIR,
                "kmirror-drill-"
                    + result.flow().source()
                    + "-"
                    + result.flow().target()
                    + "-"
                    + LocalDateTime.now().format(STAMP));
    console.println("");
    result.summary().forEach(console::println);
    for (Path written : DrillFiles.write(result, base)) {
      console.println("report: " + written.toAbsolutePath());
    }
    return result.passed() ? ExitCode.OK : ExitCode.FAILURE;
  }

  private DrillReport embedded() throws Exception {
    if (file != null || from != null || to != null || !groups.isEmpty()) {
      throw new BadInputException(
          "--embedded runs a built-in topology (primary->dr) with its own groups;"
              + " give no FILE, --from, --to or --groups");
    }
    console.println("kmirror drill --embedded: a real outage of an embedded source cluster");
    try (EmbeddedDrill drill =
        new EmbeddedDrill(Duration.ofSeconds(sourceTimeout), console::println)) {
      DrillReport result = drill.run();
      console.println("stopping the replicator and the clusters");
      return result;
    }
  }

  private DrillReport live() throws Exception {
    if (file == null) {
      throw new BadInputException("give FILE --from A --to B, or --embedded");
    }
    if (from == null || to == null) {
      throw new BadInputException("give --from and --to: the flow to drill");
    }
    ParsedTopology parsed = ClientClassPolicy.apply(new TopologyParser().parse(file));
    parsed.warnings().stream().map(Problem::line).forEach(console::error);
    Topology topology = parsed.topology();
    FlowEndpoints endpoints =
        FlowArgs.resolve(
            topology,
            from,
            to,
            id ->
                topology.file()
                    + " has no flow "
                    + id
                    + " (flows: "
                    + FlowArgs.flows(topology)
                    + ")");
    console.println(
        "kmirror drill " + endpoints.flow().id() + ": live clusters, the source keeps running");
    Drill.Settings settings =
        new Drill.Settings(
            groups, Duration.ofSeconds(sourceTimeout), Duration.ofSeconds(30), "live", false);
    return new Drill(endpoints, settings, console::println).run(() -> {});
  }
}

package io.kmirror.replicator.cli;

import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.IgnoredKey;
import io.kmirror.topology.NameFilter;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Periodic;
import io.kmirror.topology.Problem;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The human summary {@code kmirror validate} prints for a valid file. */
final class ValidateReport {

  private ValidateReport() {}

  static List<String> lines(ParsedTopology parsed) {
    Topology topology = parsed.topology();
    TopologyPattern pattern = topology.pattern();
    List<String> lines = new ArrayList<>();
    lines.add(
        topology.file()
            + ": valid, "
            + FailureHandler.count(topology.clusters().size(), "cluster")
            + ", "
            + FailureHandler.count(topology.flows().size(), "flow")
            + " ("
            + topology.enabledFlows().size()
            + " enabled)");
    lines.add("");
    lines.add("Clusters");
    int width = topology.clusters().stream().mapToInt(c -> c.name().length()).max().orElse(1);
    for (Cluster cluster : topology.clusters()) {
      lines.add("  " + pad(cluster.name(), width) + "  " + cluster.bootstrap());
    }
    lines.add("");
    lines.add("Flows");
    for (Flow flow : topology.flows()) {
      flow(flow, pattern, lines);
    }
    lines.add("");
    lines.add("Pattern: " + pattern.describe());
    warnings(parsed.warnings(), lines);
    ignored(parsed.ignoredKeys(), lines);
    return lines;
  }

  private static void flow(Flow flow, TopologyPattern pattern, List<String> lines) {
    lines.add(
        "  "
            + flow.id()
            + (flow.enabled() ? "  enabled, " + pattern.describe(flow.id()) : "  disabled"));
    lines.add("    topics    " + filter(flow.topics().filter()));
    lines.add("    groups    " + filter(flow.groups().filter()));
    lines.add(
        "    policy    "
            + flow.policy().kind().shortName()
            + " (separator '"
            + flow.policy().separator()
            + "'): "
            + RemoteNames.example(flow));
    lines.add(
        "    timing    topics "
            + seconds(flow.topics().refreshInterval())
            + ", groups "
            + seconds(flow.groups().refreshInterval())
            + ", checkpoints "
            + periodic(flow.groups().checkpoints())
            + ", group offsets "
            + periodic(flow.groups().offsetSync())
            + ", heartbeats "
            + periodic(flow.heartbeats()));
    List<String> options = new ArrayList<>();
    options.add("configs " + (flow.topics().configSync().enabled() ? "synced" : "not synced"));
    options.add("ACLs " + (flow.topics().syncAcls() ? "synced" : "not synced"));
    if (flow.topics().syncDeletions()) {
      options.add("deletions synced");
    }
    if (flow.loopPrevention()) {
      options.add("loop prevention on");
    }
    options.add(FailureHandler.count(flow.tasksMax(), "task"));
    lines.add("    options   " + String.join(", ", options));
  }

  private static void warnings(List<Problem> warnings, List<String> lines) {
    if (warnings.isEmpty()) {
      return;
    }
    lines.add("");
    lines.add("Warnings (" + warnings.size() + ")");
    warnings.forEach(w -> lines.add("  " + w.line()));
  }

  private static void ignored(List<IgnoredKey> ignored, List<String> lines) {
    if (ignored.isEmpty()) {
      return;
    }
    lines.add("");
    lines.add("Ignored keys (" + ignored.size() + "): accepted for MM2 compatibility, not used");
    int width = ignored.stream().mapToInt(k -> k.key().length()).max().orElse(1);
    ignored.forEach(k -> lines.add("  " + pad(k.key(), width) + "  " + k.reason()));
  }

  private static String filter(NameFilter filter) {
    String include = filter.include().isEmpty() ? "(none)" : String.join(", ", filter.include());
    return filter.exclude().isEmpty()
        ? include
        : include + "  excluding " + String.join(", ", filter.exclude());
  }

  private static String periodic(Periodic periodic) {
    return periodic.enabled() ? seconds(periodic.interval()) : "off";
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}

package io.kmirror.replicator.failover;

import io.kmirror.replicator.console.Table;
import java.util.ArrayList;
import java.util.List;

/** The drill report as Markdown: verdict, RPO per topic, RTO, each group's partitions. */
final class DrillMarkdown {

  private DrillMarkdown() {}

  static String render(DrillReport report) {
    List<String> md = new ArrayList<>();
    md.add(
        "# Disaster-recovery drill "
            + report.flow()
            + ": "
            + (report.passed() ? "PASSED" : "FAILED"));
    md.add("");
    md.add("- mode: " + report.mode());
    md.add("- cut: " + report.cut());
    md.add("- consumers resumed: " + report.resumed());
    md.add(
        "- failover basis: "
            + (report.basis().sourceReachable()
                ? "committed offsets read from " + report.flow().source()
                : report.flow().source()
                    + " unreachable; last checkpoints on "
                    + report.flow().target()
                    + report.basis().checkpointsAsOf().map(t -> " as of " + t).orElse(" (none)")));
    md.add("");
    md.add("## Recovery point (RPO)");
    md.add("");
    md.add(
        "Records on "
            + report.flow().source()
            + " at the cut that "
            + report.flow().target()
            + " did not have, and the age of the oldest of them: "
            + report.rpoRecords()
            + " record(s), "
            + Seconds.format(report.rpoSeconds())
            + " s.");
    md.add("");
    Table topics =
        new Table("topic", "on " + report.flow().target(), ">records", ">seconds", "age");
    report
        .rpo()
        .forEach(
            t ->
                topics.row(
                    t.topic(),
                    t.remoteTopic(),
                    t.records(),
                    Seconds.format(t.seconds()),
                    t.exactAge() ? "exact" : "upper bound (source gone)"));
    code(md, topics.lines(""));
    md.add("## Recovery time (RTO)");
    md.add("");
    md.add(
        "From the cut to every verification consumer resumed: "
            + Seconds.format(report.rtoSeconds())
            + " s.");
    md.add("");
    groups(report, md);
    if (!report.problems().isEmpty()) {
      md.add("## Problems");
      md.add("");
      report.problems().forEach(p -> md.add("- " + p));
      md.add("");
    }
    return String.join("\n", md) + "\n";
  }

  private static void groups(DrillReport report, List<String> md) {
    md.add("## Groups");
    md.add("");
    md.add(
        "Each group's consumer started on "
            + report.flow().target()
            + " at the failed-over offsets; its first record is compared by key, value, headers and"
            + " timestamp with the source record right after the group's last committed one.");
    md.add("");
    Table groups =
        new Table(
            "group",
            "topic",
            ">partition",
            ">committed",
            ">resumed at",
            ">re-read",
            ">skipped",
            "result");
    report
        .checks()
        .forEach(
            c ->
                groups.row(
                    c.group(),
                    c.target().topic(),
                    c.target().partition(),
                    c.committed(),
                    c.reportedResumedAt(),
                    c.reRead(),
                    c.skipped(),
                    (c.passed() ? "ok: " : "FAILED: ") + c.note()));
    code(md, groups.lines(""));
  }

  private static void code(List<String> md, List<String> lines) {
    md.add("```");
    md.addAll(lines);
    md.add("```");
    md.add("");
  }
}

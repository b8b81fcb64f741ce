package io.kmirror.replicator.failover;

import io.kmirror.replicator.console.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The plan as the operator reads it before anything is committed: basis, table, refusals. */
public final class PlanTable {

  private PlanTable() {}

  public static List<String> lines(FailoverPlan plan) {
    String source = plan.flow().source();
    String target = plan.flow().target();
    List<String> lines = new ArrayList<>();
    lines.add(basis(plan));
    lines.addAll(plan.notes());
    if (plan.rows().isEmpty()) {
      lines.add("  (no committed offsets on topics " + plan.flow() + " mirrors)");
    } else {
      Table table =
          new Table(
              "group",
              "topic on " + target,
              ">partition",
              ">committed on " + source,
              ">translated on " + target,
              ">not yet on " + target + " at cut",
              "translation");
      for (PlanRow row : plan.rows()) {
        Long behind = plan.basis().behindAtCut().get(row.source());
        table.row(
            row.group(),
            row.target().topic(),
            row.target().partition(),
            row.committed(),
            row.targetOffset().isPresent() ? Long.toString(row.targetOffset().getAsLong()) : "-",
            behind == null ? "?" : behind.toString(),
            translation(plan, row));
      }
      lines.addAll(table.lines("  "));
    }
    for (Map.Entry<String, Integer> refused : plan.refused().entrySet()) {
      lines.add(
          "refused: group "
              + refused.getKey()
              + " has "
              + refused.getValue()
              + " active member(s) on "
              + target
              + "; stop its consumers there first (nothing committed for it)");
    }
    return lines;
  }

  private static String translation(FailoverPlan plan, PlanRow row) {
    if (plan.refused().containsKey(row.group())) {
      return "refused: group active on " + plan.flow().target();
    }
    return row.exact() ? "exact" : row.note();
  }

  private static String basis(FailoverPlan plan) {
    PlanBasis basis = plan.basis();
    String source = plan.flow().source();
    String target = plan.flow().target();
    if (basis.sourceReachable()) {
      return "plan "
          + plan.flow()
          + ": committed offsets read from "
          + source
          + " at "
          + basis.cut()
          + " (the cut); translated with kmirror's offset index on "
          + target;
    }
    return "plan "
        + plan.flow()
        + ": source "
        + source
        + " UNREACHABLE within "
        + basis.sourceTimeout().toSeconds()
        + " s ("
        + basis.sourceProblem()
        + "); using the last checkpoints on "
        + target
        + (basis.checkpointsAsOf().isPresent()
            ? " (as of " + basis.checkpointsAsOf().get() + ")"
            : " (none found)")
        + ": a group that committed on "
        + source
        + " after that re-reads those records";
  }
}

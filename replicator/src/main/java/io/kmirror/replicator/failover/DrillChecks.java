package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.SourceWindow.Position;
import io.kmirror.replicator.flow.FlowEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A drill's verification after its failover: one {@link Verifier} consumer per group that was
 * failed over, and a failed check for every partition of a group that was not (refused, nothing
 * translatable, commit failed) or whose partition was not committed, since its consumers would have
 * nowhere exact to resume. Prints a progress line per group.
 */
final class DrillChecks {

  private final FlowEndpoints endpoints;
  private final Duration timeout;
  private final Consumer<String> progress;

  DrillChecks(FlowEndpoints endpoints, Duration timeout, Consumer<String> progress) {
    this.endpoints = endpoints;
    this.timeout = timeout;
    this.progress = progress;
  }

  /**
   * @param windows the source records around every position of the plan
   */
  List<PartitionCheck> verify(Failover.Result failover, Map<Position, List<RecordView>> windows) {
    List<PartitionCheck> checks = new ArrayList<>();
    FailoverPlan plan = failover.plan();
    for (String group : plan.groups()) {
      Optional<String> notMoved = notMoved(failover, group);
      if (notMoved.isPresent()) {
        progress.accept("group " + group + " not verified: " + notMoved.get());
        plan.rows(group).forEach(r -> checks.add(failed(r, notMoved.get())));
        continue;
      }
      List<PlanRow> rows = plan.rows(group).stream().filter(PlanRow::committable).toList();
      try {
        List<PartitionCheck> found = Verifier.verify(endpoints, group, rows, windows, timeout);
        progress.accept(resumed(group, found));
        checks.addAll(found);
      } catch (RuntimeException e) {
        String why = "not verified: " + Failures.describe(e);
        progress.accept("group " + group + " " + why);
        rows.forEach(r -> checks.add(failed(r, why)));
      }
      plan.rows(group).stream()
          .filter(r -> !r.committable())
          .forEach(r -> checks.add(failed(r, "not committed: " + r.note())));
    }
    return checks;
  }

  /** Why the group was not failed over, empty when it was. */
  private static Optional<String> notMoved(Failover.Result failover, String group) {
    FailoverPlan plan = failover.plan();
    if (plan.refused().containsKey(group)) {
      return Optional.of("refused: the group has active members on " + plan.flow().target());
    }
    if (plan.rows(group).stream().noneMatch(PlanRow::committable)) {
      return Optional.of("no partition could be translated");
    }
    return failover
        .commits()
        .getOrDefault(group, Optional.of("not committed"))
        .map(error -> "commit failed: " + error);
  }

  private static PartitionCheck failed(PlanRow row, String why) {
    return new PartitionCheck(
        row.group(),
        row.target(),
        row.committed(),
        OptionalLong.empty(),
        PartitionCheck.Match.NOT_FOUND,
        0,
        0,
        why);
  }

  private String resumed(String group, List<PartitionCheck> found) {
    long reRead = found.stream().mapToLong(PartitionCheck::reRead).sum();
    long skipped = found.stream().mapToLong(PartitionCheck::skipped).sum();
    boolean ok = found.stream().allMatch(PartitionCheck::passed);
    return "group "
        + group
        + " resumed on "
        + endpoints.flow().target()
        + ": "
        + found.size()
        + " partition(s), re-read "
        + reRead
        + ", skipped "
        + skipped
        + (ok ? "" : " (FAILED)");
  }
}

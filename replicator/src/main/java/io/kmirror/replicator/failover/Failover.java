package io.kmirror.replicator.failover;

import io.kmirror.replicator.offsets.OffsetTranslator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code kmirror failover} (and failback, and a drill's failover step): plan, print, refuse active
 * groups, commit. Blocking; the output goes to {@code out}, one line at a time.
 */
public final class Failover {

  private Failover() {}

  /**
   * The outcome.
   *
   * @param plan what was planned
   * @param commits per group committed (or, with a dry run, that would be): why the commit failed,
   *     empty when it was done
   * @param problems one line per reason the run is not a full success
   */
  public record Result(
      FailoverPlan plan, Map<String, Optional<String>> commits, List<String> problems) {

    /** Every planned commit succeeded, no group was refused, every partition exact. */
    public boolean complete() {
      return problems.isEmpty();
    }
  }

  /** Thrown before anything is committed when a group asked for has nothing to fail over. */
  public static final class UnknownGroupsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownGroupsException(String message) {
      super(message);
    }
  }

  public static Result run(FailoverRequest request, boolean dryRun, Consumer<String> out)
      throws Exception {
    return run(request, Optional.empty(), dryRun, out);
  }

  /**
   * @param returnPath for failback: the forward flow whose copies' positions are carried back too
   */
  public static Result run(
      FailoverRequest request,
      Optional<ReturnPath> returnPath,
      boolean dryRun,
      Consumer<String> out)
      throws Exception {
    Duration closeTimeout = Duration.ofSeconds(2);
    Admin source =
        Admin.create(
            BoundedAdmin.config(request.endpoints().sourceAdmin(), request.sourceTimeout()));
    Admin target =
        Admin.create(BoundedAdmin.config(request.endpoints().targetAdmin(), request.timeout()));
    Optional<ReturnRows> returns = returnPath.map(ReturnRows::open);
    try (OffsetTranslator translator = OffsetTranslator.open(request.endpoints())) {
      FailoverPlan plan = new FailoverPlanner(request, returns).plan(source, target, translator);
      checkGroups(plan, request, returnPath.isPresent());
      PlanTable.lines(plan).forEach(out);
      Map<String, Optional<String>> commits =
          dryRun ? dryRun(plan) : GroupCommits.commit(target, plan, request.timeout());
      List<String> problems = problems(plan, commits);
      report(plan, commits, problems, dryRun, out);
      return new Result(plan, commits, problems);
    } finally {
      returns.ifPresent(ReturnRows::close);
      source.close(closeTimeout);
      target.close(closeTimeout);
    }
  }

  private static void checkGroups(FailoverPlan plan, FailoverRequest request, boolean returning) {
    if (request.allGroups()) {
      return;
    }
    List<String> unknown = plan.groups().stream().filter(g -> plan.rows(g).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      String where =
          plan.basis().sourceReachable()
              ? "has no committed offsets on " + plan.flow().source()
              : "has no checkpoint on " + plan.flow().target();
      throw new UnknownGroupsException(
          (unknown.size() == 1 ? "group " : "groups ")
              + String.join(", ", unknown)
              + " "
              + where
              + " for topics "
              + plan.flow()
              + " mirrors"
              + (returning && plan.basis().sourceReachable()
                  ? " or copies of " + plan.flow().target() + "'s topics"
                  : "")
              + "; nothing was committed");
    }
  }

  private static Map<String, Optional<String>> dryRun(FailoverPlan plan) {
    Map<String, Optional<String>> none = new LinkedHashMap<>();
    plan.committableGroups().forEach(g -> none.put(g, Optional.empty()));
    return none;
  }

  private static List<String> problems(FailoverPlan plan, Map<String, Optional<String>> commits) {
    List<String> problems = new ArrayList<>();
    plan.refused().keySet().stream()
        .sorted()
        .forEach(g -> problems.add("group " + g + " refused: active on " + plan.flow().target()));
    commits.forEach(
        (group, error) ->
            error.ifPresent(e -> problems.add("group " + group + " NOT committed: " + e)));
    for (PlanRow row : plan.notExact()) {
      problems.add(
          "group "
              + row.group()
              + " "
              + row.source()
              + (row.committable() ? " committed, not exact: " : " not committed: ")
              + row.note());
    }
    return problems;
  }

  private static void report(
      FailoverPlan plan,
      Map<String, Optional<String>> commits,
      List<String> problems,
      boolean dryRun,
      Consumer<String> out) {
    long partitions =
        commits.entrySet().stream()
            .filter(e -> e.getValue().isEmpty())
            .mapToLong(e -> GroupCommits.offsets(plan, e.getKey()).size())
            .sum();
    long groups = commits.values().stream().filter(Optional::isEmpty).count();
    problems.forEach(out);
    out.accept(
        (dryRun ? "dry run: would commit " : "committed ")
            + partitions
            + " partition offset(s) of "
            + groups
            + " group(s) on "
            + plan.flow().target()
            + (dryRun ? "; nothing was changed" : "")
            + (problems.isEmpty()
                ? "; every partition exact"
                : "; " + problems.size() + " problem(s) above"));
  }
}

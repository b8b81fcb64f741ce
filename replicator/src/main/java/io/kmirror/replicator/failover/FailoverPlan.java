package io.kmirror.replicator.failover;

import io.kmirror.topology.FlowId;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code kmirror failover} will do for one flow, before it does it.
 *
 * @param flow the flow whose target receives the groups
 * @param basis what the plan was computed from
 * @param groups the groups asked for, in order
 * @param rows one row per group and mirrored partition
 * @param refused groups left alone because they have active members on the target, with the member
 *     count
 * @param notes lines printed under the basis: what failback's return rows assumed, or why there are
 *     none
 */
public record FailoverPlan(
    FlowId flow,
    PlanBasis basis,
    List<String> groups,
    List<PlanRow> rows,
    Map<String, Integer> refused,
    List<String> notes) {

  public FailoverPlan {
    groups = List.copyOf(groups);
    rows = List.copyOf(rows);
    refused = Map.copyOf(refused);
    notes = List.copyOf(notes);
  }

  /** A plan without notes: a failover's, or a drill's. */
  public FailoverPlan(
      FlowId flow,
      PlanBasis basis,
      List<String> groups,
      List<PlanRow> rows,
      Map<String, Integer> refused) {
    this(flow, basis, groups, rows, refused, List.of());
  }

  public List<PlanRow> rows(String group) {
    return rows.stream().filter(r -> r.group().equals(group)).toList();
  }

  /** Groups not refused that have at least one row to commit. */
  public List<String> committableGroups() {
    return groups.stream()
        .filter(g -> !refused.containsKey(g))
        .filter(g -> rows(g).stream().anyMatch(PlanRow::committable))
        .toList();
  }

  /** Rows of groups not refused that are not exact: each is a reason for exit status 1. */
  public List<PlanRow> notExact() {
    return rows.stream().filter(r -> !refused.containsKey(r.group()) && !r.exact()).toList();
  }
}

package io.kmirror.replicator.demo;

import io.kmirror.replicator.console.Table;
import io.kmirror.replicator.sample.ClusterTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of a bounded demo: per route, how many records the source topic and its remote topic
 * hold, compared with what they must hold given what the demo produced ({@link DemoPlan#expected});
 * then one PASS or FAIL line.
 *
 * <p>A route passes when its remote topic holds exactly the expected count (fewer: records lost or
 * not yet copied; more: duplicates, or records that came back) and its source topic holds exactly
 * what was produced there plus what routes into it carry (more: a loop). The whole demo passes when
 * every route does, no topic on any cluster names that cluster as its own source, and some records
 * were produced at all.
 *
 * @param loops topics found on a cluster whose name says they came from that very cluster
 */
public record Verdict(
    DemoPlan plan,
    Map<ClusterTopic, Long> produced,
    Map<ClusterTopic, Long> measured,
    List<ClusterTopic> loops) {

  public Verdict {
    produced = Map.copyOf(produced);
    measured = Map.copyOf(measured);
    loops = List.copyOf(loops);
  }

  /** One route's outcome: "ok", or what is wrong with it. */
  public String result(DemoPlan.Route route) {
    Map<ClusterTopic, Long> expected = plan.expected(produced);
    Long target = measured.get(route.target());
    if (target == null) {
      return "MISSING TOPIC";
    }
    long wantTarget = expected.get(route.target());
    long source = measured.getOrDefault(route.source(), 0L);
    long wantSource = expected.get(route.source());
    List<String> problems = new ArrayList<>();
    if (target < wantTarget) {
      problems.add("MISSING " + (wantTarget - target));
    } else if (target > wantTarget) {
      problems.add("EXTRA " + (target - wantTarget));
    }
    if (source != wantSource) {
      problems.add("SOURCE HAS " + source + " OF " + wantSource);
    }
    return problems.isEmpty() ? "ok" : String.join(", ", problems);
  }

  public boolean passed() {
    return loops.isEmpty()
        && totalProduced() > 0
        && plan.routes().stream().allMatch(r -> result(r).equals("ok"));
  }

  public long totalProduced() {
    return produced.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The verdict table and its last line, PASS or FAIL. */
  public List<String> lines() {
    Map<ClusterTopic, Long> expected = plan.expected(produced);
    boolean showExpected =
        plan.routes().stream()
            .anyMatch(r -> !expected.get(r.target()).equals(expected.get(r.source())));
    Table table =
        showExpected
            ? new Table(
                "flow", "topic", "remote topic", ">source", ">expected", ">target", "result")
            : new Table("flow", "topic", "remote topic", ">source", ">target", "result");
    for (DemoPlan.Route route : plan.routes()) {
      String source = count(route.source());
      String target = count(route.target());
      String result = result(route);
      if (showExpected) {
        table.row(
            route.flow(),
            route.sourceTopic(),
            route.remoteTopic(),
            source,
            expected.get(route.target()),
            target,
            result);
      } else {
        table.row(route.flow(), route.sourceTopic(), route.remoteTopic(), source, target, result);
      }
    }
    List<String> lines = new ArrayList<>(table.lines("  "));
    loops.forEach(l -> lines.add("  LOOP: " + l + " names " + l.cluster() + " as its source"));
    lines.add(summary());
    return lines;
  }

  private String count(ClusterTopic topic) {
    Long n = measured.get(topic);
    return n == null ? "-" : Long.toString(n);
  }

  private String summary() {
    long failed = plan.routes().stream().filter(r -> !result(r).equals("ok")).count();
    if (passed()) {
      return "PASS: every target holds every source record exactly once ("
          + plan.routes().size()
          + " topic routes, "
          + totalProduced()
          + " records produced, no loops)";
    }
    List<String> why = new ArrayList<>();
    if (failed > 0) {
      why.add(failed + " of " + plan.routes().size() + " topic routes differ");
    }
    if (!loops.isEmpty()) {
      why.add(loops.size() + " looped topic(s)");
    }
    if (totalProduced() == 0) {
      why.add("no records were produced");
    }
    return "FAIL: " + String.join(", ", why);
  }
}

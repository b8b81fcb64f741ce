package io.kmirror.replicator.failover;

import io.kmirror.topology.FlowId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a disaster-recovery drill: the verdict, a console summary, and the JSON for
 * scripts (field names are a contract: add fields, never rename). {@code DrillMarkdown} renders it
 * for people and {@code DrillFiles} writes both.
 *
 * @param flow the flow failed over
 * @param mode {@code embedded} (a real outage of embedded clusters) or {@code live} (a cut on
 *     running clusters, the source untouched)
 * @param cut when the source was cut off (embedded) or measured (live)
 * @param resumed when every verification consumer had resumed on the target
 * @param basis what the failover plan was computed from
 * @param rpo per mirrored topic, what the target lacked at the cut
 * @param checks per group and partition, where the group's consumer resumed; a partition of a group
 *     that was not failed over (refused, not committed) is a failed check
 * @param problems failover problems (refused groups, failed commits, partitions not exact), for the
 *     reader: the verdict rests on the checks
 */
public record DrillReport(
    FlowId flow,
    String mode,
    Instant cut,
    Instant resumed,
    PlanBasis basis,
    List<TopicRpo> rpo,
    List<PartitionCheck> checks,
    List<String> problems) {

  public DrillReport {
    rpo = List.copyOf(rpo);
    checks = List.copyOf(checks);
    problems = List.copyOf(problems);
  }

  /** Per group, in the order checked: the group's partition checks. */
  public Map<String, List<PartitionCheck>> groups() {
    Map<String, List<PartitionCheck>> groups = new LinkedHashMap<>();
    checks.forEach(c -> groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c));
    return groups;
  }

  /** Every partition of every group resumed with 0 re-read and 0 skipped. */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(PartitionCheck::passed);
  }

  public Duration rto() {
    return Duration.between(cut, resumed);
  }

  public double rtoSeconds() {
    return rto().toMillis() / 1000.0;
  }

  public long rpoRecords() {
    return rpo.stream().mapToLong(TopicRpo::records).sum();
  }

  public double rpoSeconds() {
    return rpo.stream()
        .mapToDouble(TopicRpo::seconds)
        .filter(s -> !Double.isNaN(s))
        .max()
        .orElse(0);
  }

  private static long sum(List<PartitionCheck> checks, boolean reRead) {
    return checks.stream().mapToLong(c -> reRead ? c.reRead() : c.skipped()).sum();
  }

  /** The few lines a console shows at the end. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT, "drill %s (%s): %s", flow, mode, passed() ? "PASSED" : "FAILED"));
    lines.add(
        String.format(
            Locale.ROOT,
            "  RPO  %d record(s) not on %s at the cut, oldest %s s",
            rpoRecords(),
            flow.target(),
            Seconds.format(rpoSeconds())));
    lines.add(
        String.format(
            Locale.ROOT,
            "  RTO  %s s from the cut to every consumer resumed",
            Seconds.format(rtoSeconds())));
    groups()
        .forEach(
            (group, checks) ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "  group %-12s %d partition(s), re-read %d, skipped %d%s",
                        group,
                        checks.size(),
                        sum(checks, true),
                        sum(checks, false),
                        checks.stream().allMatch(PartitionCheck::passed)
                            ? ""
                            : "  <-- see report")));
    problems.forEach(p -> lines.add("  problem: " + p));
    return lines;
  }

  public JsonObject json() {
    JsonArray topics = new JsonArray();
    rpo.forEach(
        t ->
            topics.add(
                new JsonObject()
                    .put("topic", t.topic())
                    .put("remoteTopic", t.remoteTopic())
                    .put("records", t.records())
                    .put("seconds", Double.isNaN(t.seconds()) ? null : t.seconds())
                    .put("ageIsUpperBound", !t.exactAge())));
    JsonArray groups = new JsonArray();
    groups().forEach((group, checks) -> groups.add(group(group, checks)));
    return new JsonObject()
        .put("flow", flow.toString())
        .put("mode", mode)
        .put("passed", passed())
        .put("cut", cut.toString())
        .put("resumed", resumed.toString())
        .put("sourceReachableAtFailover", basis.sourceReachable())
        .put("checkpointsAsOf", basis.checkpointsAsOf().map(Instant::toString).orElse(null))
        .put(
            "rpo",
            new JsonObject()
                .put("records", rpoRecords())
                .put("seconds", rpoSeconds())
                .put("topics", topics))
        .put("rto", new JsonObject().put("seconds", rtoSeconds()))
        .put("groups", groups)
        .put("problems", new JsonArray(problems));
  }

  private static JsonObject group(String group, List<PartitionCheck> checks) {
    JsonArray partitions = new JsonArray();
    checks.forEach(
        c ->
            partitions.add(
                new JsonObject()
                    .put("topic", c.target().topic())
                    .put("partition", c.target().partition())
                    .put("committedOnSource", c.committed())
                    .put("resumedAtOnTarget", c.reportedResumedAt())
                    .put(
                        "firstRecordSourceOffset",
                        c.match().sourceOffset().isPresent()
                            ? c.match().sourceOffset().getAsLong()
                            : null)
                    .put("reRead", c.reRead())
                    .put("skipped", c.skipped())
                    .put("passed", c.passed())
                    .put("note", c.note())));
    return new JsonObject()
        .put("group", group)
        .put("reRead", sum(checks, true))
        .put("skipped", sum(checks, false))
        .put("passed", checks.stream().allMatch(PartitionCheck::passed))
        .put("partitions", partitions);
  }
}

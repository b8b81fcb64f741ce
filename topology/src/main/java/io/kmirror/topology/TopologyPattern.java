package io.kmirror.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The replication pattern of a set of enabled flows, as groups of flows.
 *
 * <p>Classification: every pair of clusters with flows both ways is one active-active group; the
 * flows left over form a fan-out group per source with two or more targets and an aggregation group
 * per target with two or more sources (a flow may sit in one of each); a flow in no group is an
 * active-passive group of its own. One kind of group names the whole topology ({@code fan-out
 * (A->B,C)}); several kinds make it {@code mixed: active-active (A<->B) + fan-out (A->C,D)}.
 * Clusters are listed in the order the file's {@code clusters} key declares them.
 */
public record TopologyPattern(List<Group> groups) {

  /** Flows that form one pattern; {@code members} is the short form, e.g. {@code A,B->C}. */
  public record Group(PatternKind kind, List<FlowId> flows, String members) {
    public Group {
      flows = List.copyOf(flows);
    }

    public String describe() {
      return kind.label() + " (" + members + ")";
    }
  }

  public TopologyPattern {
    groups = List.copyOf(groups);
  }

  /** Classifies {@code enabledFlows}, naming clusters in {@code clusterOrder}'s order. */
  public static TopologyPattern classify(List<String> clusterOrder, List<FlowId> enabledFlows) {
    Comparator<String> byOrder = byDeclaredOrder(clusterOrder);
    Set<FlowId> flows = new LinkedHashSet<>(enabledFlows);
    List<Group> groups = new ArrayList<>(activeActive(flows, byOrder));
    Set<FlowId> rest = new LinkedHashSet<>(flows);
    groups.forEach(g -> g.flows().forEach(rest::remove));
    List<Group> fanOut = fanOut(rest, byOrder);
    List<Group> aggregation = aggregation(rest, byOrder);
    groups.addAll(fanOut);
    groups.addAll(aggregation);
    Set<FlowId> grouped = new LinkedHashSet<>();
    fanOut.forEach(g -> grouped.addAll(g.flows()));
    aggregation.forEach(g -> grouped.addAll(g.flows()));
    rest.stream()
        .filter(f -> !grouped.contains(f))
        .sorted(
            Comparator.comparing(FlowId::source, byOrder).thenComparing(FlowId::target, byOrder))
        .forEach(f -> groups.add(new Group(PatternKind.ACTIVE_PASSIVE, List.of(f), f.toString())));
    return new TopologyPattern(groups);
  }

  /** {@code active-passive}, {@code fan-out}, ..., {@code mixed}, or {@code none}. */
  public String name() {
    Set<PatternKind> kinds = groups.stream().map(Group::kind).collect(Collectors.toSet());
    if (kinds.isEmpty()) {
      return "none";
    }
    return kinds.size() == 1 ? kinds.iterator().next().label() : "mixed";
  }

  /** The whole topology in one phrase: {@code mixed: active-active (A<->B) + fan-out (A->C,D)}. */
  public String describe() {
    if (groups.isEmpty()) {
      return "none (no enabled flow)";
    }
    Set<PatternKind> kinds = groups.stream().map(Group::kind).collect(Collectors.toSet());
    if (kinds.size() == 1) {
      return groups.get(0).kind().label()
          + " ("
          + groups.stream().map(Group::members).collect(Collectors.joining("; "))
          + ")";
    }
    return "mixed: " + groups.stream().map(Group::describe).collect(Collectors.joining(" + "));
  }

  /** The groups {@code flow} belongs to, e.g. {@code fan-out (A->C,D) + aggregation (A,B->C)}. */
  public String describe(FlowId flow) {
    String described =
        groups.stream()
            .filter(g -> g.flows().contains(flow))
            .map(Group::describe)
            .collect(Collectors.joining(" + "));
    return described.isEmpty() ? "disabled" : described;
  }

  private static List<Group> activeActive(Set<FlowId> flows, Comparator<String> byOrder) {
    List<Group> groups = new ArrayList<>();
    Set<FlowId> seen = new LinkedHashSet<>();
    List<FlowId> ordered =
        flows.stream()
            .sorted(
                Comparator.comparing(FlowId::source, byOrder)
                    .thenComparing(FlowId::target, byOrder))
            .toList();
    for (FlowId flow : ordered) {
      if (flows.contains(flow.reverse()) && seen.add(flow) && seen.add(flow.reverse())) {
        groups.add(
            new Group(
                PatternKind.ACTIVE_ACTIVE,
                List.of(flow, flow.reverse()),
                flow.source() + "<->" + flow.target()));
      }
    }
    return groups;
  }

  private static List<Group> fanOut(Set<FlowId> flows, Comparator<String> byOrder) {
    Map<String, List<FlowId>> bySource = grouped(flows, FlowId::source, byOrder);
    List<Group> groups = new ArrayList<>();
    bySource.forEach(
        (source, out) -> {
          if (out.size() > 1) {
            String targets =
                out.stream().map(FlowId::target).sorted(byOrder).collect(Collectors.joining(","));
            groups.add(
                new Group(PatternKind.FAN_OUT, sorted(out, byOrder), source + "->" + targets));
          }
        });
    return groups;
  }

  private static List<Group> aggregation(Set<FlowId> flows, Comparator<String> byOrder) {
    Map<String, List<FlowId>> byTarget = grouped(flows, FlowId::target, byOrder);
    List<Group> groups = new ArrayList<>();
    byTarget.forEach(
        (target, in) -> {
          if (in.size() > 1) {
            String sources =
                in.stream().map(FlowId::source).sorted(byOrder).collect(Collectors.joining(","));
            groups.add(
                new Group(PatternKind.AGGREGATION, sorted(in, byOrder), sources + "->" + target));
          }
        });
    return groups;
  }

  private static Map<String, List<FlowId>> grouped(
      Set<FlowId> flows,
      java.util.function.Function<FlowId, String> key,
      Comparator<String> byOrder) {
    Map<String, List<FlowId>> grouped = new LinkedHashMap<>();
    flows.stream()
        .sorted(Comparator.comparing(key, byOrder))
        .forEach(f -> grouped.computeIfAbsent(key.apply(f), k -> new ArrayList<>()).add(f));
    return grouped;
  }

  private static List<FlowId> sorted(List<FlowId> flows, Comparator<String> byOrder) {
    return flows.stream()
        .sorted(
            Comparator.comparing(FlowId::source, byOrder).thenComparing(FlowId::target, byOrder))
        .toList();
  }

  private static Comparator<String> byDeclaredOrder(List<String> clusterOrder) {
    return Comparator.<String>comparingInt(
            c -> clusterOrder.indexOf(c) < 0 ? Integer.MAX_VALUE : clusterOrder.indexOf(c))
        .thenComparing(Comparator.naturalOrder());
  }
}

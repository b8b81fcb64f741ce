package io.kmirror.topology;

import io.kmirror.topology.FlowResolver.ResolvedFlow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that look at the enabled flows together rather than one value at a time.
 *
 * <p>Loops: under IdentityReplicationPolicy a remote topic has its source's name, so enabled flows
 * forming a cycle (A->B->A, A->B->C->A) send every record round forever, unless every flow of the
 * cycle stamps and checks the provenance header ({@code kmirror.loop.prevention.enabled}). Under
 * DefaultReplicationPolicy the source alias in the name breaks the cycle, as in MM2. Name clashes:
 * two identity-named flows into one target write a topic of the same name on both sources into one
 * topic; that may be wanted, so it is a warning, skipped when both flows list only literal names
 * that no topic could share.
 */
final class FlowChecks {

  private static final Pattern REGEX_META = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  private FlowChecks() {}

  static void check(List<ResolvedFlow> flows, Problems problems) {
    List<ResolvedFlow> enabled = flows.stream().filter(f -> f.flow().enabled()).toList();
    if (enabled.isEmpty()) {
      if (problems.hasErrors()) {
        return; // a bad 'enabled' value, read as false, would make this warning misleading
      }
      problems.add(
          Problem.fileWarning(
              problems.file(),
              "no flow is enabled; expected at least one 'SOURCE->TARGET.enabled = true'"));
      return;
    }
    loops(enabled, problems);
    clashes(enabled, problems);
  }

  private static void loops(List<ResolvedFlow> enabled, Problems problems) {
    List<ResolvedFlow> identity =
        enabled.stream().filter(f -> f.flow().policy().identity()).toList();
    Map<String, List<FlowId>> out = new HashMap<>();
    identity.forEach(
        f -> out.computeIfAbsent(f.flow().source(), s -> new ArrayList<>()).add(f.flow().id()));
    Set<Set<String>> reported = new HashSet<>();
    for (ResolvedFlow flow : identity) {
      if (flow.flow().loopPrevention()) {
        continue;
      }
      Optional<List<String>> back = path(out, flow.flow().target(), flow.flow().source());
      if (back.isPresent() && reported.add(new TreeSet<>(back.get()))) {
        String cycle = flow.flow().source() + "->" + String.join("->", back.get());
        Resolved policy = flow.policySource();
        problems.error(
            policy,
            "lets records loop along "
                + cycle
                + "; expected DefaultReplicationPolicy, or kmirror.loop.prevention.enabled = true"
                + " on every flow of the loop");
      }
    }
  }

  /** The clusters on a shortest path from {@code from} to {@code to}, both included. */
  private static Optional<List<String>> path(
      Map<String, List<FlowId>> out, String from, String to) {
    Map<String, String> previous = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(from));
    previous.put(from, from);
    while (!queue.isEmpty()) {
      String at = queue.removeFirst();
      if (at.equals(to)) {
        List<String> path = new ArrayList<>();
        for (String step = to; !step.equals(from); step = previous.get(step)) {
          path.add(0, step);
        }
        path.add(0, from);
        return Optional.of(path);
      }
      for (FlowId next : out.getOrDefault(at, List.of())) {
        if (previous.putIfAbsent(next.target(), at) == null) {
          queue.addLast(next.target());
        }
      }
    }
    return Optional.empty();
  }

  private static void clashes(List<ResolvedFlow> enabled, Problems problems) {
    Map<String, List<ResolvedFlow>> byTarget = new LinkedHashMap<>();
    enabled.stream()
        .filter(f -> f.flow().policy().identity())
        .forEach(f -> byTarget.computeIfAbsent(f.flow().target(), t -> new ArrayList<>()).add(f));
    byTarget.forEach(
        (target, into) -> {
          if (into.size() > 1 && anyMayOverlap(into)) {
            Resolved policy = into.get(0).policySource();
            problems.add(
                Problem.warning(
                    policy.file(),
                    policy.key(),
                    policy.value(),
                    "makes "
                        + joined(into.stream().map(f -> f.flow().id().toString()).toList())
                        + " write same-named topics into one topic on "
                        + target
                        + "; expected DefaultReplicationPolicy, or topics filters that no topic"
                        + " name matches twice"));
          }
        });
  }

  private static boolean anyMayOverlap(List<ResolvedFlow> flows) {
    for (int i = 0; i < flows.size(); i++) {
      for (int j = i + 1; j < flows.size(); j++) {
        if (mayOverlap(
            flows.get(i).flow().topics().filter(), flows.get(j).flow().topics().filter())) {
          return true;
        }
      }
    }
    return false;
  }

  /** False only when both filters list literal names and none is accepted by both. */
  private static boolean mayOverlap(NameFilter a, NameFilter b) {
    boolean literal =
        a.include().stream().noneMatch(FlowChecks::isRegex)
            && b.include().stream().noneMatch(FlowChecks::isRegex);
    if (!literal) {
      return true;
    }
    return a.include().stream().anyMatch(name -> a.matches(name) && b.matches(name));
  }

  private static boolean isRegex(String entry) {
    return REGEX_META.matcher(entry).find();
  }

  private static String joined(List<String> items) {
    if (items.size() == 2) {
      return items.get(0) + " and " + items.get(1);
    }
    return items.subList(0, items.size() - 1).stream().collect(Collectors.joining(", "))
        + " and "
        + items.get(items.size() - 1);
  }
}

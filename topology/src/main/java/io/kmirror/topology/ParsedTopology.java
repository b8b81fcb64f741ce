package io.kmirror.topology;

import java.util.List;

/**
 * A file that loaded: its topology, the warnings to show the user, and the keys kmirror ignores.
 *
 * @param warnings unknown keys (with a suggestion when one is close), keys at the wrong level,
 *     flows that would write the same topic names into one cluster, no enabled flow, ...
 * @param ignoredKeys MM2 and Kafka Connect keys accepted and not used, in file order
 */
public record ParsedTopology(
    Topology topology, List<Problem> warnings, List<IgnoredKey> ignoredKeys) {

  public ParsedTopology {
    warnings = List.copyOf(warnings);
    ignoredKeys = List.copyOf(ignoredKeys);
  }
}

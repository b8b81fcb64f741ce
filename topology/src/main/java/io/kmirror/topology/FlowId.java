package io.kmirror.topology;

import java.util.Objects;

/**
 * A directed replication flow between two different named clusters, printed as MM2 writes it:
 * {@code A->B}.
 */
public record FlowId(String source, String target) {

  public FlowId {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (source.equals(target)) {
      throw TopologyException.invalid(
          source + "->" + target,
          "is a flow from cluster '" + source + "' to itself; expected two different clusters");
    }
  }

  /** Parses {@code A->B}; the caller has already checked the arrow is present. */
  public static FlowId parse(String text) {
    int arrow = text.indexOf("->");
    if (arrow < 0) {
      throw new IllegalArgumentException("not a flow: '" + text + "' (expected SOURCE->TARGET)");
    }
    return new FlowId(text.substring(0, arrow).trim(), text.substring(arrow + 2).trim());
  }

  public FlowId reverse() {
    return new FlowId(target, source);
  }

  @Override
  public String toString() {
    return source + "->" + target;
  }
}

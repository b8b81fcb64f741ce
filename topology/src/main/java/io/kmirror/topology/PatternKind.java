package io.kmirror.topology;

/** The classic replication patterns a set of enabled flows is made of. */
public enum PatternKind {
  /** {@code A<->B}: both directions between two clusters. */
  ACTIVE_ACTIVE("active-active"),
  /** {@code A->B,C}: one source, several targets. */
  FAN_OUT("fan-out"),
  /** {@code A,B->C}: several sources, one target. */
  AGGREGATION("aggregation"),
  /** {@code A->B}: one flow that is part of none of the above. */
  ACTIVE_PASSIVE("active-passive");

  private final String label;

  PatternKind(String label) {
    this.label = label;
  }

  /** The name as people write it: {@code active-passive}, {@code fan-out}, ... */
  public String label() {
    return label;
  }
}

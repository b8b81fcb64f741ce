package io.kmirror.topology;

/**
 * One {@code A->B} flow with every setting resolved. {@code loopPrevention} adds a provenance
 * header to each record so an identity-named active-active pair never sends a record back to a
 * cluster it has been on; {@code heartbeats} is {@code emit.heartbeats.*}.
 */
public record Flow(
    FlowId id,
    boolean enabled,
    ReplicationPolicySpec policy,
    TopicSettings topics,
    GroupSettings groups,
    Periodic heartbeats,
    FlowClients clients,
    int tasksMax,
    boolean loopPrevention) {

  public String source() {
    return id.source();
  }

  public String target() {
    return id.target();
  }
}

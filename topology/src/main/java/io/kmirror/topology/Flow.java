package io.kmirror.topology;

import java.util.Objects;

/**
 * One {@code A->B} flow with every setting resolved. {@code loopPrevention} ({@code
 * kmirror.loop.prevention.enabled}) adds a provenance header to each record so an identity-named
 * active-active pair never sends a record back to a cluster it has been on; {@code heartbeats} is
 * {@code emit.heartbeats.*}.
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

  public Flow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(heartbeats, "heartbeats");
    Objects.requireNonNull(clients, "clients");
    Rules.tasksMax(tasksMax);
  }

  public String source() {
    return id.source();
  }

  public String target() {
    return id.target();
  }
}

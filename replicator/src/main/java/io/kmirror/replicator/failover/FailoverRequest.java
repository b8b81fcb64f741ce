package io.kmirror.replicator.failover;

import io.kmirror.replicator.flow.FlowEndpoints;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to fail over and how long to wait.
 *
 * @param endpoints the flow whose target receives the groups, with both clusters' addresses
 * @param groups the groups to move; empty with {@code allGroups}
 * @param allGroups every source group that passes the flow's groups filter
 * @param sourceTimeout how long the source may take to answer before the last checkpoints on the
 *     target are used instead (a disaster: the source is gone)
 * @param timeout bound of each call to the target (reading the index and checkpoints, committing)
 */
public record FailoverRequest(
    FlowEndpoints endpoints,
    List<String> groups,
    boolean allGroups,
    Duration sourceTimeout,
    Duration timeout) {

  public FailoverRequest {
    Objects.requireNonNull(endpoints, "endpoints");
    groups = List.copyOf(groups);
    Objects.requireNonNull(sourceTimeout, "sourceTimeout");
    Objects.requireNonNull(timeout, "timeout");
  }
}

package io.kmirror.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every cluster and flow of one properties file, resolved and validated. */
public record Topology(Path file, List<Cluster> clusters, List<Flow> flows) {

  public Topology {
    clusters = List.copyOf(clusters);
    flows = List.copyOf(flows);
  }

  public Optional<Cluster> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<Flow> flow(FlowId id) {
    return flows.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  public List<Flow> enabledFlows() {
    return flows.stream().filter(Flow::enabled).toList();
  }
}

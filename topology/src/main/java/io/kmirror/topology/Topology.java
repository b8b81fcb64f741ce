package io.kmirror.topology;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every cluster and flow of one properties file, resolved and validated, and kmirror's own
 * process-wide settings. Build one with {@link TopologyParser}.
 */
public record Topology(
    Path file, List<Cluster> clusters, List<Flow> flows, KmirrorSettings settings) {

  public Topology {
    Objects.requireNonNull(file, "file");
    clusters = List.copyOf(clusters);
    flows = List.copyOf(flows);
    Objects.requireNonNull(settings, "settings");
  }

  /** A topology with kmirror's shipped default settings. */
  public Topology(Path file, List<Cluster> clusters, List<Flow> flows) {
    this(file, clusters, flows, KmirrorSettings.defaults());
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

  /** The replication pattern the enabled flows form: active-passive, fan-out, mixes, ... */
  public TopologyPattern pattern() {
    return TopologyPattern.classify(
        clusters.stream().map(Cluster::name).toList(),
        enabledFlows().stream().map(Flow::id).toList());
  }
}

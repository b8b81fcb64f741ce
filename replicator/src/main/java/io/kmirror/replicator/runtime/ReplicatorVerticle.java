package io.kmirror.replicator.runtime;

import io.kmirror.replicator.mirror.FlowCounters;
import io.kmirror.replicator.mirror.FlowEndpoints;
import io.kmirror.replicator.offsets.OffsetStatus;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root of a kmirror process: deploys one supervised {@link FlowVerticle} per enabled flow of
 * the topology. Each flow starts, fails and retries on its own; this verticle's start fails only
 * for a topology it cannot run at all (an embedded cluster without an address). Undeploying it (or
 * closing its Vert.x instance) stops every flow with a bounded drain.
 *
 * <p>Typical use, after any embedded clusters are started:
 *
 * <pre>{@code
 * vertx.deployVerticle(new ReplicatorVerticle(topology, Map.of("A", "localhost:9092")))
 * }</pre>
 */
public final class ReplicatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicatorVerticle.class);

  private final Topology topology;
  private final Map<String, String> embeddedAddresses;
  private final RuntimeSettings settings;
  private final Map<FlowId, FlowVerticle> flows = new ConcurrentHashMap<>();
  private final Map<FlowId, FlowCounters> counters = new ConcurrentHashMap<>();

  /**
   * @param embeddedAddresses bootstrap servers of the clusters marked {@code embedded}, by name;
   *     external clusters use the address in the topology
   */
  public ReplicatorVerticle(Topology topology, Map<String, String> embeddedAddresses) {
    this(topology, embeddedAddresses, RuntimeSettings.defaults());
  }

  public ReplicatorVerticle(
      Topology topology, Map<String, String> embeddedAddresses, RuntimeSettings settings) {
    this.topology = topology;
    this.embeddedAddresses = Map.copyOf(embeddedAddresses);
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Map<String, String> addresses;
    try {
      addresses = ClusterAddresses.resolve(topology, embeddedAddresses);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    List<Future<String>> deployments = new ArrayList<>();
    for (Flow flow : topology.enabledFlows()) {
      FlowEndpoints endpoints =
          new FlowEndpoints(flow, addresses.get(flow.source()), addresses.get(flow.target()));
      FlowCounters flowCounters = new FlowCounters();
      FlowVerticle verticle = new FlowVerticle(endpoints, settings, flowCounters);
      flows.put(flow.id(), verticle);
      counters.put(flow.id(), flowCounters);
      deployments.add(vertx.deployVerticle(verticle));
    }
    LOG.info("event=replicator-starting flows={}", flows.keySet());
    return Future.all(deployments);
  }

  /** Every flow's state, in topology order. Safe from any thread. */
  public Map<FlowId, FlowStatus> status() {
    Map<FlowId, FlowStatus> result = new LinkedHashMap<>();
    for (Flow flow : topology.enabledFlows()) {
      FlowVerticle verticle = flows.get(flow.id());
      if (verticle != null) {
        result.put(flow.id(), verticle.status());
      }
    }
    return result;
  }

  /** A flow's checkpoints and group offset sync as last seen. Safe from any thread. */
  public OffsetStatus offsetStatus(FlowId flow) {
    FlowVerticle verticle = flows.get(flow);
    if (verticle == null) {
      throw new IllegalArgumentException("no such enabled flow: " + flow);
    }
    return verticle.offsetStatus();
  }

  /** A flow's counters, for metrics and status. Safe from any thread. */
  public FlowCounters counters(FlowId flow) {
    FlowCounters c = counters.get(flow);
    if (c == null) {
      throw new IllegalArgumentException("no such enabled flow: " + flow);
    }
    return c;
  }

  /**
   * Simulates a crash of this process's mirroring (tests, disaster-recovery drills): every worker
   * stops at once without flushing, storing progress or leaving its consumer group. Close the
   * Vert.x instance afterwards.
   */
  public void halt() {
    flows.values().forEach(FlowVerticle::halt);
  }
}

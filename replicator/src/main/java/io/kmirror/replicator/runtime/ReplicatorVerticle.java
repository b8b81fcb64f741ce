package io.kmirror.replicator.runtime;

import io.kmirror.replicator.flow.ClientMemory;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.metrics.Metrics;
import io.kmirror.replicator.offsets.OffsetStatus;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.management.ManagementFactory;
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
  private final Map<FlowId, FlowMetrics> flowMetrics = new ConcurrentHashMap<>();
  private final Metrics metrics;
  private final Readiness readiness;
  private boolean ownsMetrics;
  private long statusTimer = -1;

  /**
   * @param embeddedAddresses bootstrap servers of the clusters marked {@code embedded}, by name;
   *     external clusters use the address in the topology
   */
  public ReplicatorVerticle(Topology topology, Map<String, String> embeddedAddresses) {
    this(topology, embeddedAddresses, RuntimeSettings.defaults());
  }

  public ReplicatorVerticle(
      Topology topology, Map<String, String> embeddedAddresses, RuntimeSettings settings) {
    this(topology, embeddedAddresses, settings, Metrics.create());
    ownsMetrics = true;
  }

  /**
   * @param metrics the process's registry, owned and closed by the caller; every flow's meters are
   *     created in it at once, so they exist from the start
   */
  public ReplicatorVerticle(
      Topology topology,
      Map<String, String> embeddedAddresses,
      RuntimeSettings settings,
      Metrics metrics) {
    this.topology = topology;
    this.embeddedAddresses = Map.copyOf(embeddedAddresses);
    this.settings = settings;
    this.metrics = metrics;
    for (Flow flow : topology.enabledFlows()) {
      flowMetrics.put(flow.id(), metrics.flow(flow, topology.settings().metrics()));
      metrics.clusters().track(flow.source());
      metrics.clusters().track(flow.target());
    }
    readiness = new Readiness(this, metrics.clusters(), settings.healthInterval().multipliedBy(3));
    metrics.readiness(readiness::ready);
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
    ClientMemory memory = ClientMemory.of(topology.enabledFlows());
    for (Flow flow : topology.enabledFlows()) {
      FlowEndpoints endpoints =
          new FlowEndpoints(
                  flow, addresses.get(flow.source()), addresses.get(flow.target()), memory)
              .withInstanceId(topology.settings().instanceId())
              .withExactlyOnce(topology.settings().exactlyOnce());
      FlowVerticle verticle =
          new FlowVerticle(endpoints, settings, flowMetrics.get(flow.id()), metrics.clusters());
      flows.put(flow.id(), verticle);
      deployments.add(vertx.deployVerticle(verticle));
    }
    // The JVM's age here is what a restart spends before any flow starts (JVM start, class
    // loading, the command line, Vert.x): the share of restart time the flows cannot shorten.
    LOG.info(
        "event=replicator-starting flows={} instance-id={} jvm-uptime-ms={} heap={}MiB"
            + " producer-buffer={}MiB batch={}KiB fetch={}MiB partition-fetch={}KiB",
        flows.keySet(),
        topology.settings().instanceId().orElse("(none: dynamic group membership)"),
        ManagementFactory.getRuntimeMXBean().getUptime(),
        memory.heapBytes() >> 20,
        memory.producerBufferBytes() >> 20,
        memory.batchBytes() >> 10,
        memory.fetchMaxBytes() >> 20,
        memory.partitionFetchBytes() >> 10);
    scheduleStatus();
    return Future.all(deployments);
  }

  /**
   * One {@code event=flow-status} line per flow every {@code kmirror.status.interval.seconds}, so
   * that a quiet log still says the process is alive and how far behind it is. Re-armed after each
   * run rather than periodic, so a slow run cannot stack.
   */
  private void scheduleStatus() {
    long every = topology.settings().run().statusInterval().toMillis();
    statusTimer =
        vertx.setTimer(
            every,
            id -> {
              status().forEach((flow, state) -> logStatus(state, flowMetrics.get(flow)));
              scheduleStatus();
            });
  }

  private static void logStatus(FlowStatus status, FlowMetrics meters) {
    LOG.info(
        "flow={} event=flow-status state={} copied={} lag={} partitions={} topics={}{}",
        status.flow(),
        status.state(),
        meters.recordsAcknowledged(),
        meters.lag().records(),
        meters.lag().partitionsAssigned(),
        meters.topicsMirrored(),
        status.lastError().map(e -> " reason=\"" + e + "\"").orElse(""));
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

  /** A flow's meters, for status and tests. Safe from any thread. */
  public FlowMetrics counters(FlowId flow) {
    FlowMetrics c = flowMetrics.get(flow);
    if (c == null) {
      throw new IllegalArgumentException("no such enabled flow: " + flow);
    }
    return c;
  }

  /** The process's metrics registry. */
  public Metrics metrics() {
    return metrics;
  }

  /** Whether the process is ready, check by check. */
  public Readiness readiness() {
    return readiness;
  }

  /** The topology this process runs. */
  public Topology topology() {
    return topology;
  }

  /**
   * Any thread: whether a flow's current start has finished its first topic sync pass, so it knows
   * which topics it mirrors.
   */
  public boolean topicsSynced(FlowId flow) {
    FlowVerticle verticle = flows.get(flow);
    return verticle != null && verticle.topicsSynced();
  }

  @Override
  public Future<?> stop() {
    // Children (the flows) are undeployed before this runs; a registry made here goes with it.
    if (statusTimer >= 0) {
      vertx.cancelTimer(statusTimer);
    }
    if (ownsMetrics) {
      metrics.close();
    }
    return Future.succeededFuture();
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

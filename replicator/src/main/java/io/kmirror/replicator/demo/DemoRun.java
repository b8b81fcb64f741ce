package io.kmirror.replicator.demo;

import io.kmirror.replicator.console.Polls;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.FlowEndpoints;
import io.kmirror.replicator.mirror.ReplicationPolicies;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.replicator.sample.ClusterTopic;
import io.kmirror.replicator.sample.Traffic;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.mirror.ReplicationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code kmirror demo}: the replicator process for the topology (embedded clusters
 * first, exactly as {@code kmirror run} starts it), the sample topics and their traffic, a latency
 * probe on every target, and the live table. {@link #finish()} ends a bounded run with the verdict;
 * {@link #close()} (idempotent, any thread, also from a shutdown hook) stops everything, the
 * replicator with its normal drain.
 *
 * <p>Threads: traffic has its own timer; each latency probe its own thread; everything that counts
 * records (the table, the catch-up wait, the verdict) runs on one scheduler thread, which owns the
 * admin-backed {@link TopicCounts}.
 */
public final class DemoRun implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);
  // Two equal counts this far apart end the catch-up wait: late duplicates would show by then.
  private static final Duration CATCH_UP_INTERVAL = Duration.ofMillis(500);

  private final Topology topology;
  private final DemoPlan plan;
  private final DemoSettings settings;
  private final Consumer<String> out;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kmirror-demo-table"));
  private final Map<String, TopicCounts> counts = new LinkedHashMap<>();
  private final List<LatencyProbe> probes = new ArrayList<>();
  private final LatencyStats latency;
  private final LiveTable table;
  private volatile ReplicatorProcess process;
  private Map<String, String> addresses = Map.of();
  private Traffic traffic;
  private ScheduledFuture<?> ticks;
  private long trafficStartNanos;
  private boolean closed;

  private DemoRun(Topology topology, DemoPlan plan, DemoSettings settings, Consumer<String> out) {
    this.topology = topology;
    this.plan = plan;
    this.settings = settings;
    this.out = out;
    this.latency = new LatencyStats(plan.flows());
    this.table = new LiveTable(plan.flows());
  }

  /** A run of {@code topology} that has not started anything yet; see {@link #start()}. */
  public static DemoRun of(
      Topology topology, DemoPlan plan, DemoSettings settings, Consumer<String> out) {
    return new DemoRun(topology, plan, settings, out);
  }

  /**
   * Starts the clusters, creates the sample topics, starts the replicator, and once every flow
   * mirrors its sample topics starts the traffic and the live table. On failure, or if {@link
   * #close()} ran meanwhile (a signal during start-up), everything started so far is closed.
   */
  public void start() throws Exception {
    try {
      ReplicatorProcess started =
          ReplicatorProcess.start(topology, settings.runtime(), this::prepareClusters);
      if (!adopt(started)) {
        throw new IllegalStateException("the demo was stopped while it started");
      }
      awaitMirroring();
      startTraffic();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Keeps the process unless the run was closed meanwhile, in which case it closes it. */
  private synchronized boolean adopt(ReplicatorProcess started) {
    if (closed) {
      started.close();
      return false;
    }
    process = started;
    return true;
  }

  /** Between the clusters' start and the replicator's: the sample topics exist before it looks. */
  private void prepareClusters(Map<String, String> addresses)
      throws InterruptedException, ExecutionException, TimeoutException {
    this.addresses = Map.copyOf(addresses);
    addresses.forEach(
        (name, address) -> out.accept("cluster " + name + " (embedded) at " + address));
    for (ClusterTopic topic : plan.countedTopics()) {
      counts.computeIfAbsent(
          topic.cluster(), c -> new TopicCounts(addresses.get(c), "kmirror-demo-counts-" + c));
    }
    for (Map.Entry<String, List<String>> e : plan.sourceTopics().entrySet()) {
      List<NewTopic> topics =
          e.getValue().stream()
              .map(t -> new NewTopic(t, Optional.of(settings.partitions()), Optional.empty()))
              .toList();
      try {
        counts.get(e.getKey()).admin().createTopics(topics).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        if (!(failed.getCause() instanceof TopicExistsException)) {
          throw failed;
        }
      }
    }
    // An idempotent producer that meets a partition whose leader is not known yet can stall for
    // its whole delivery timeout: produce only once every partition answers a ListOffsets.
    if (!Polls.until(scheduler, this::sampleTopicsReadable, STARTUP_TIMEOUT, CHECK_INTERVAL)) {
      throw new TimeoutException(
          "the sample topics were not readable within " + STARTUP_TIMEOUT.toSeconds() + " s");
    }
  }

  /**
   * Waits until every flow mirrors its sample topics and its consumers own every partition of them,
   * so the first records do not wait for the replicator's start-up and the latency figures show the
   * steady state. Prints how long that took.
   */
  private void awaitMirroring() throws InterruptedException {
    long startNanos = System.nanoTime();
    boolean mirroring =
        Polls.until(
            scheduler,
            () -> {
              for (FlowId flow : plan.flows()) {
                if (!mirroring(flow)) {
                  return false;
                }
              }
              return true;
            },
            STARTUP_TIMEOUT,
            CHECK_INTERVAL);
    out.accept(
        mirroring
            ? "replicator mirroring every flow " + millisSince(startNanos) + " ms after its start"
            : "note: not every flow mirrors its topics after "
                + STARTUP_TIMEOUT.toSeconds()
                + " s (see the log); starting the traffic anyway");
  }

  /** Topic sync made the flow's sample topics ready, and its group owns all their partitions. */
  private boolean mirroring(FlowId id) throws Exception {
    List<DemoPlan.Route> routes = plan.routes(id);
    if (process.replicator().counters(id).topicsMirrored() < routes.size()) {
      return false;
    }
    Flow flow = topology.flow(id).orElseThrow();
    String group =
        new FlowEndpoints(flow, addresses.get(flow.source()), addresses.get(flow.target()))
            .groupId();
    ConsumerGroupDescription description =
        counts
            .get(flow.source())
            .admin()
            .describeConsumerGroups(List.of(group))
            .describedGroups()
            .get(group)
            .get(5, TimeUnit.SECONDS);
    Set<String> topics =
        routes.stream().map(DemoPlan.Route::sourceTopic).collect(Collectors.toSet());
    long owned =
        description.members().stream()
            .flatMap(m -> m.assignment().topicPartitions().stream())
            .filter(tp -> topics.contains(tp.topic()))
            .count();
    return owned >= (long) topics.size() * settings.partitions();
  }

  private boolean sampleTopicsReadable() throws Exception {
    for (Map.Entry<String, List<String>> e : plan.sourceTopics().entrySet()) {
      if (counts.get(e.getKey()).count(e.getValue()).size() < e.getValue().size()) {
        return false;
      }
    }
    return true;
  }

  private synchronized void startTraffic() {
    if (closed) {
      throw new IllegalStateException("the demo was stopped while it started");
    }
    for (String cluster : counts.keySet()) {
      List<DemoPlan.Route> inbound =
          plan.routes().stream().filter(r -> r.flow().target().equals(cluster)).toList();
      if (!inbound.isEmpty()) {
        LatencyProbe probe =
            new LatencyProbe(
                cluster,
                addresses.get(cluster),
                inbound,
                plan.sourceTopics().getOrDefault(cluster, List.of()),
                latency);
        probes.add(probe);
        probe.start();
      }
    }
    traffic = new Traffic(plan.sourceTopics(), addresses, settings.rate());
    describeTraffic();
    trafficStartNanos = System.nanoTime();
    traffic.start();
    long tick = settings.tick().toMillis();
    ticks = scheduler.scheduleAtFixedRate(this::printTick, tick, tick, TimeUnit.MILLISECONDS);
  }

  private void describeTraffic() {
    plan.sourceTopics()
        .forEach(
            (cluster, topics) ->
                out.accept(
                    "producing "
                        + settings.rate()
                        + " records/s to each of "
                        + String.join(", ", topics)
                        + " on "
                        + cluster));
    for (FlowId flow : plan.flows()) {
      List<String> routes =
          plan.routes(flow).stream().map(r -> r.sourceTopic() + " -> " + r.remoteTopic()).toList();
      out.accept("flow " + flow + " mirrors " + String.join(", ", routes));
    }
    out.accept("");
  }

  private void printTick() {
    try {
      // Produced before measured: records sent while the offsets are being read must not count
      // as lag.
      Map<ClusterTopic, Long> produced = traffic.acknowledged();
      List<FlowRow> rows = rows(produced, measure());
      table.tick(elapsedSeconds(), rows).forEach(out);
    } catch (Exception e) {
      LOG.debug("event=demo-tick-skipped reason=\"{}\"", e.toString());
    }
  }

  private long elapsedSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - trafficStartNanos);
  }

  /** Records in every counted topic now; a topic not created yet is absent. Scheduler thread. */
  private Map<ClusterTopic, Long> measure() throws Exception {
    Map<ClusterTopic, Long> measured = new LinkedHashMap<>();
    for (Map.Entry<String, TopicCounts> e : counts.entrySet()) {
      List<String> topics =
          plan.countedTopics().stream()
              .filter(t -> t.cluster().equals(e.getKey()))
              .map(ClusterTopic::topic)
              .toList();
      e.getValue()
          .count(topics)
          .forEach((t, n) -> measured.put(new ClusterTopic(e.getKey(), t), n));
    }
    return measured;
  }

  private List<FlowRow> rows(Map<ClusterTopic, Long> produced, Map<ClusterTopic, Long> measured) {
    Map<ClusterTopic, Long> expected = plan.expected(produced);
    List<FlowRow> rows = new ArrayList<>();
    for (FlowId flow : plan.flows()) {
      long lag = 0;
      for (DemoPlan.Route route : plan.routes(flow)) {
        lag +=
            Math.max(0, expected.get(route.target()) - measured.getOrDefault(route.target(), 0L));
      }
      FlowMetrics counters = process.replicator().counters(flow);
      rows.add(
          new FlowRow(
              flow,
              counters.topicsMirrored(),
              counters.recordsAcknowledged(),
              lag,
              latency.recentP99(flow)));
    }
    return rows;
  }

  /**
   * Ends a bounded run: stops the traffic, waits (bounded) until every counted topic holds what it
   * should, stops the table, and prints and returns the verdict.
   */
  public Verdict finish() throws Exception {
    traffic.stop();
    Map<ClusterTopic, Long> produced = traffic.acknowledged();
    Map<ClusterTopic, Long> expected = plan.expected(produced);
    long total = produced.values().stream().mapToLong(Long::longValue).sum();
    out.accept(
        String.format(
            java.util.Locale.ROOT,
            "traffic stopped after %d s: %d records produced%s; waiting up to %d s for the targets",
            elapsedSeconds(),
            total,
            traffic.failed() == 0 ? "" : " (" + traffic.failed() + " sends failed)",
            settings.catchUpTimeout().toSeconds()));
    long waitStart = System.nanoTime();
    CatchUp catchUp = new CatchUp(expected);
    boolean caughtUp =
        Polls.until(scheduler, catchUp::done, settings.catchUpTimeout(), CATCH_UP_INTERVAL);
    ticks.cancel(false);
    Map<ClusterTopic, Long> measured = scheduler.submit(this::measure).get(30, TimeUnit.SECONDS);
    List<ClusterTopic> loops = scheduler.submit(this::loops).get(30, TimeUnit.SECONDS);
    out.accept("");
    out.accept(
        caughtUp
            ? "targets caught up in " + millisSince(waitStart) + " ms; verification:"
            : "targets did NOT catch up within "
                + settings.catchUpTimeout().toSeconds()
                + " s; verification:");
    Verdict verdict = new Verdict(plan, produced, measured, loops);
    verdict.lines().forEach(out);
    latencySummary().forEach(out);
    return verdict;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /**
   * Catch-up condition: every counted topic holds at least its expected count, and the counts did
   * not move since the previous check, so records still arriving (duplicates, loops) are counted.
   */
  private final class CatchUp {
    private final Map<ClusterTopic, Long> expected;
    private Map<ClusterTopic, Long> previous = Map.of();

    CatchUp(Map<ClusterTopic, Long> expected) {
      this.expected = expected;
    }

    boolean done() throws Exception {
      Map<ClusterTopic, Long> now = measure();
      boolean enough =
          expected.entrySet().stream()
              .allMatch(e -> now.getOrDefault(e.getKey(), 0L) >= e.getValue());
      boolean stable = now.equals(previous);
      previous = now;
      return enough && stable;
    }
  }

  /** Topics on a cluster that the replication policy says came from that very cluster. */
  private List<ClusterTopic> loops() throws Exception {
    List<ClusterTopic> loops = new ArrayList<>();
    for (Map.Entry<String, TopicCounts> e : counts.entrySet()) {
      String cluster = e.getKey();
      List<ReplicationPolicy> policies =
          topology.enabledFlows().stream()
              .filter(f -> f.target().equals(cluster))
              .map(Flow::policy)
              .distinct()
              .map(ReplicationPolicies::of)
              .toList();
      for (String topic : e.getValue().topicNames()) {
        if (policies.stream().anyMatch(p -> cluster.equals(p.topicSource(topic)))) {
          loops.add(new ClusterTopic(cluster, topic));
        }
      }
    }
    return loops;
  }

  private List<String> latencySummary() {
    List<String> lines = new ArrayList<>();
    for (FlowId flow : plan.flows()) {
      lines.add(
          "latency "
              + flow
              + ": p99 "
              + LiveTable.millis(latency.wholeRunP99(flow))
              + " ms over "
              + latency.samples(flow)
              + " records (produce to readable on the target)");
    }
    return lines;
  }

  /** Stops the table, traffic, probes, and the replicator (drained), then the clusters. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    if (traffic != null) {
      traffic.close();
    }
    probes.forEach(LatencyProbe::close);
    counts.values().forEach(TopicCounts::close);
    if (process != null) {
      process.close();
    }
  }
}

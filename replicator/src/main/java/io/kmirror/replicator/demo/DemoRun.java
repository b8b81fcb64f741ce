package io.kmirror.replicator.demo;

import io.kmirror.replicator.console.Polls;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.replicator.sample.ClusterTopic;
import io.kmirror.replicator.sample.Traffic;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
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
 * admin-backed {@link SampleCounts}; {@link MirroringCheck} decides when the traffic starts.
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
  private final SampleCounts counts;
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
    this.counts = new SampleCounts(plan);
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
      out.accept(started.metricsHint());
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
    counts.open(addresses);
    for (Map.Entry<String, List<String>> e : plan.sourceTopics().entrySet()) {
      List<NewTopic> topics =
          e.getValue().stream()
              .map(t -> new NewTopic(t, Optional.of(settings.partitions()), Optional.empty()))
              .toList();
      try {
        counts.admin(e.getKey()).createTopics(topics).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        if (!(failed.getCause() instanceof TopicExistsException)) {
          throw failed;
        }
      }
    }
    // An idempotent producer that meets a partition whose leader is not known yet can stall for
    // its whole delivery timeout: produce only once every partition answers a ListOffsets.
    if (!Polls.until(scheduler, counts::sampleTopicsReadable, STARTUP_TIMEOUT, CHECK_INTERVAL)) {
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
    MirroringCheck check =
        new MirroringCheck(topology, plan, settings.partitions(), process, addresses, counts);
    boolean mirroring = Polls.until(scheduler, check::everyFlow, STARTUP_TIMEOUT, CHECK_INTERVAL);
    out.accept(
        mirroring
            ? "replicator mirroring every flow " + millisSince(startNanos) + " ms after its start"
            : "note: not every flow mirrors its topics after "
                + STARTUP_TIMEOUT.toSeconds()
                + " s (see the log); starting the traffic anyway");
  }

  private synchronized void startTraffic() {
    if (closed) {
      throw new IllegalStateException("the demo was stopped while it started");
    }
    for (String cluster : counts.clusters()) {
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
      List<FlowRow> rows = rows(produced, counts.measure());
      table.tick(elapsedSeconds(), rows).forEach(out);
    } catch (Exception e) {
      LOG.debug("event=demo-tick-skipped reason=\"{}\"", e.toString());
    }
  }

  private long elapsedSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - trafficStartNanos);
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
    boolean caughtUp =
        Polls.until(
            scheduler, counts.caughtUp(expected), settings.catchUpTimeout(), CATCH_UP_INTERVAL);
    ticks.cancel(false);
    Map<ClusterTopic, Long> measured = scheduler.submit(counts::measure).get(30, TimeUnit.SECONDS);
    List<ClusterTopic> loops =
        scheduler.submit(() -> counts.loops(topology)).get(30, TimeUnit.SECONDS);
    out.accept("");
    out.accept(
        caughtUp
            ? "targets caught up in " + millisSince(waitStart) + " ms; verification:"
            : "targets did NOT catch up within "
                + settings.catchUpTimeout().toSeconds()
                + " s; verification:");
    Verdict verdict = new Verdict(plan, produced, measured, loops);
    verdict.lines().forEach(out);
    latency.summary(plan.flows()).forEach(out);
    return verdict;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
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
    counts.close();
    if (process != null) {
      process.close();
    }
  }
}

package io.kmirror.replicator.metrics;

import io.kmirror.topology.FlowId;
import io.kmirror.topology.MetricsSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * (About 300 lines on purpose: one field, one registration and one accessor per metric of the
 * catalogue; the lag, offset, topic, error and topic-sync meters already live in their own
 * classes.)
 *
 * <p>Every meter of one flow in this process, all labelled {@code flow}, {@code source} and {@code
 * target}; docs/metrics.md is the catalogue. Created when the flow is, so every series exists (at
 * 0) before the first event, and updated without lookups on the hot path: the mirroring workers add
 * per batch or per second, and the only per-record work is one latency observation on the
 * producer's I/O thread. Safe from any thread.
 */
public final class FlowMetrics {

  /** Latency buckets: milliseconds on a healthy flow, up to hours while a backlog drains. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(30),
    Duration.ofHours(2)
  };

  private final FlowId flow;
  private final TopicMeterSet topics;
  private final ErrorMeters errors;
  private final TopicSyncMeters topicSync;
  private final OffsetMeters offsets;
  private final LagMeters lag;
  private final Timer latency;
  private final Timer recordAge;
  private final Counter recordsSent;
  private final Counter partitionsStopped;
  private final Counter topicsDeletedOnSource;
  private final Counter targetResets;
  private final LongAdder recordsAcknowledged = new LongAdder();
  private final LongAdder skippedByLoopPrevention = new LongAdder();
  private final LongAdder skippedByRetention = new LongAdder();
  private final FlowIncidents incidents = new FlowIncidents();
  private final AtomicBoolean up = new AtomicBoolean();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final AtomicLong topicsMirrored = new AtomicLong();
  private final AtomicLong configDrift = new AtomicLong();
  private final AtomicLong heartbeatMillis = new AtomicLong();
  private final AtomicLong fetchStalledTasks = new AtomicLong();

  FlowMetrics(MeterRegistry registry, FlowId flow, MetricsSettings settings) {
    this.flow = flow;
    Tags tags = Tags.of("flow", flow.toString(), "source", flow.source(), "target", flow.target());
    topics = new TopicMeterSet(registry, tags, settings.topicsMax());
    errors = new ErrorMeters(registry, tags);
    topicSync = new TopicSyncMeters(registry, tags);
    offsets = new OffsetMeters(registry, tags);
    lag = new LagMeters(registry, tags, settings, topics);
    latency =
        histogram(
            registry,
            "kmirror.replication.latency",
            tags,
            "Target acknowledgement time minus the record's timestamp");
    recordAge =
        histogram(
            registry,
            "kmirror.record.age",
            tags,
            "Poll time minus the record's timestamp, for the first record of each polled partition"
                + " batch");
    recordsSent =
        counter(
            registry,
            "kmirror.records.sent",
            tags,
            "Records handed to the producer, re-sends included");
    partitionsStopped =
        counter(
            registry,
            "kmirror.partitions.stopped",
            tags,
            "Times a partition stopped on a record the target refuses (too large, invalid record or"
                + " timestamp, not authorized for the topic)");
    topicsDeletedOnSource =
        counter(
            registry,
            "kmirror.topics.deleted.on.source",
            tags,
            "Mirrored topics found deleted on the source");
    targetResets =
        counter(
            registry,
            "kmirror.target.resets",
            tags,
            "Times a remote partition was found deleted or emptied under kmirror and mirrored again"
                + " from the source's log start");
    registerGauges(registry, tags);
  }

  /** The flow's gauges, each reading one of this object's fields. */
  private void registerGauges(MeterRegistry registry, Tags tags) {
    gauge(registry, "kmirror.flow.up", tags, up, b -> b.get() ? 1 : 0, "1 when the flow runs");
    gauge(
        registry,
        "kmirror.flow.leader",
        tags,
        leader,
        b -> b.get() ? 1 : 0,
        "1 when this process does the flow's consumer-group work");
    gauge(registry, "kmirror.topics.mirrored", tags, topicsMirrored, "Source topics mirrored");
    gauge(
        registry,
        "kmirror.source.fetch.stalled",
        tags,
        fetchStalledTasks,
        "Mirroring tasks of this process whose source consumer had no fetch answered for"
            + " request.timeout.ms");
    gauge(
        registry,
        "kmirror.topic.config.drift",
        tags,
        configDrift,
        "Remote topics whose config still differs from the source after the last sync pass");
    seconds(
        registry,
        "kmirror.heartbeat.timestamp",
        tags,
        heartbeatMillis,
        "Origin time of the newest heartbeat the target acknowledged, 0 before the first");
  }

  /** Meters in a registry of their own: for tests and tools that export nothing. */
  public static FlowMetrics unregistered(FlowId flow) {
    return new FlowMetrics(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), flow, MetricsSettings.defaults());
  }

  private static Timer histogram(MeterRegistry registry, String name, Tags tags, String help) {
    return Timer.builder(name)
        .description(help)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .tags(tags)
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String name, Tags tags, String help) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }

  private static <T> void gauge(
      MeterRegistry registry,
      String name,
      Tags tags,
      T state,
      ToDoubleFunction<T> value,
      String help) {
    Gauge.builder(name, state, value)
        .description(help)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private static void gauge(
      MeterRegistry registry, String name, Tags tags, AtomicLong state, String help) {
    gauge(registry, name, tags, state, AtomicLong::get, help);
  }

  private static void seconds(
      MeterRegistry registry, String name, Tags tags, AtomicLong millis, String help) {
    Gauge.builder(name, millis, m -> m.get() / 1000.0)
        .description(help)
        .baseUnit("seconds")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  public FlowId flow() {
    return flow;
  }

  // --- mirroring workers -------------------------------------------------------------------

  /** A topic's meters, for a worker to add acknowledged records to (once per second at most). */
  public TopicMeters topic(String sourceTopic) {
    return topics.of(sourceTopic);
  }

  /** Worker thread, per batch: records handed to the producer. */
  public void sent(long records) {
    recordsSent.increment(records);
  }

  /** Worker thread, per second at most: records and bytes the target acknowledged. */
  public void acknowledged(String sourceTopic, long records, long bytes) {
    if (records > 0 || bytes > 0) {
      recordsAcknowledged.add(records);
      topics.of(sourceTopic).replicated(records, bytes);
    }
  }

  /** Producer I/O thread, per record: the target acknowledged a record with this timestamp. */
  public void latency(long nowMillis, long recordTimestamp) {
    latency.record(Math.max(0, nowMillis - recordTimestamp), TimeUnit.MILLISECONDS);
  }

  /** Worker thread, per batch: the age of its first (oldest) record when polled. */
  public void recordAge(long nowMillis, long recordTimestamp) {
    recordAge.record(Math.max(0, nowMillis - recordTimestamp), TimeUnit.MILLISECONDS);
  }

  /** Producer I/O thread: the target acknowledged a heartbeat born at {@code originMillis}. */
  public void heartbeat(long originMillis) {
    heartbeatMillis.accumulateAndGet(originMillis, Math::max);
  }

  /** Worker thread, per batch that dropped any: records loop prevention did not send. */
  public void droppedByProvenance(String sourceTopic, long records) {
    skippedByLoopPrevention.add(records);
    topics.of(sourceTopic).skippedByLoopPrevention(records);
  }

  /** Worker thread: offsets retention deleted on the source before kmirror read them. */
  public void skippedByRetention(String sourceTopic, long offsets) {
    skippedByRetention.add(offsets);
    topics.of(sourceTopic).skippedByRetention(offsets);
  }

  /** What status shows about records that did not arrive and partitions that stopped. */
  public FlowIncidents incidents() {
    return incidents;
  }

  /** A remote partition lost what progress says it holds; it is mirrored again. */
  public void targetReset() {
    targetResets.increment();
  }

  public void partitionStopped() {
    partitionsStopped.increment();
  }

  public ErrorMeters errors() {
    return errors;
  }

  // --- topic sync ----------------------------------------------------------------------------

  public TopicSyncMeters topicSync() {
    return topicSync;
  }

  /** The source topics now mirrored: their meters exist, those of topics that left are removed. */
  public void topicsMirrored(Set<String> sourceTopics) {
    topicsMirrored.set(sourceTopics.size());
    topics.retain(sourceTopics);
  }

  public void topicDeletedOnSource() {
    topicsDeletedOnSource.increment();
  }

  public void configDrift(long remoteTopics) {
    configDrift.set(remoteTopics);
  }

  // --- flow state, lag and offsets -----------------------------------------------------------

  public void up(boolean running) {
    up.set(running);
  }

  public void leader(boolean leading) {
    leader.set(leading);
  }

  /** A mirroring task's source consumer stopped ({@code true}) or started again getting fetches. */
  public void sourceFetchStalled(boolean stalled) {
    fetchStalledTasks.addAndGet(stalled ? 1 : -1);
  }

  /** Mirroring tasks whose source answers no fetch right now. */
  public long sourceFetchStalledTasks() {
    return fetchStalledTasks.get();
  }

  /** The lag meters, set by each health round. */
  public LagMeters lag() {
    return lag;
  }

  /** The consumer-group meters, set by each checkpoint cycle. */
  public OffsetMeters offsets() {
    return offsets;
  }

  // --- reads, for status and tests -----------------------------------------------------------

  public long recordsSent() {
    return (long) recordsSent.count();
  }

  public long recordsAcknowledged() {
    return recordsAcknowledged.sum();
  }

  public long recordsDroppedByProvenance() {
    return skippedByLoopPrevention.sum();
  }

  public long recordsSkippedByRetention() {
    return skippedByRetention.sum();
  }

  public long partitionsStopped() {
    return (long) partitionsStopped.count();
  }

  public long targetResets() {
    return (long) targetResets.count();
  }

  public long topicsDeletedOnSource() {
    return (long) topicsDeletedOnSource.count();
  }

  /** Changes topic sync asked for that the target refused. */
  public long topicRefusals() {
    return topicSync.failures();
  }

  public long topicsMirrored() {
    return topicsMirrored.get();
  }

  public long heartbeatMillis() {
    return heartbeatMillis.get();
  }

  public long configDrift() {
    return configDrift.get();
  }
}

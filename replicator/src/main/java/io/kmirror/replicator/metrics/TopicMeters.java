package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one source topic of a flow (or of {@code topic="_other"}, the topics beyond the
 * cap): records and bytes the target acknowledged, and the lag last measured.
 */
public final class TopicMeters {

  private final Counter records;
  private final Counter bytes;
  private final Counter skippedLoopPrevention;
  private final Counter skippedRetention;
  private final AtomicLong lagRecords = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final List<Meter> meters;

  TopicMeters(MeterRegistry registry, Tags flowTags, String topic) {
    Tags tags = flowTags.and("topic", topic);
    records =
        Counter.builder("kmirror.records.replicated")
            .description("Records the target acknowledged, per source topic")
            .tags(tags)
            .register(registry);
    bytes =
        Counter.builder("kmirror.bytes.replicated")
            .description("Key, value and header bytes of the records the target acknowledged")
            .tags(tags)
            .register(registry);
    Gauge lag =
        Gauge.builder("kmirror.replication.lag.records", lagRecords, AtomicLong::get)
            .description(
                "Source end offset minus the next offset to copy, summed over the topic's"
                    + " partitions this process owns")
            .tags(tags)
            .strongReference(true)
            .register(registry);
    Gauge lagSeconds =
        Gauge.builder("kmirror.replication.lag.seconds", lagMillis, m -> m.get() / 1000.0)
            .description(
                "Upper bound of the age of the oldest record not yet on the target; 0 when caught"
                    + " up")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry);
    skippedLoopPrevention = skipped(registry, tags, "loop-prevention");
    skippedRetention = skipped(registry, tags, "retention");
    meters = List.of(records, bytes, lag, lagSeconds, skippedLoopPrevention, skippedRetention);
  }

  private static Counter skipped(MeterRegistry registry, Tags tags, String reason) {
    return Counter.builder("kmirror.records.skipped")
        .description(
            "Source offsets not mirrored, by reason: loop-prevention (dropped on purpose) or"
                + " retention (deleted on the source before kmirror read them)")
        .tags(tags)
        .tag("reason", reason)
        .register(registry);
  }

  /** Acknowledged by the target since the last call. */
  public void replicated(long recordCount, long byteCount) {
    if (recordCount > 0) {
      records.increment(recordCount);
    }
    if (byteCount > 0) {
      bytes.increment(byteCount);
    }
  }

  /** Records of this topic dropped by loop prevention. */
  void skippedByLoopPrevention(long count) {
    skippedLoopPrevention.increment(count);
  }

  /** Offsets of this topic that retention deleted on the source before kmirror read them. */
  void skippedByRetention(long count) {
    skippedRetention.increment(count);
  }

  public void lag(long recordsBehind, long millisBehind) {
    lagRecords.set(recordsBehind);
    lagMillis.set(millisBehind);
  }

  public long records() {
    return (long) records.count();
  }

  public long lagRecords() {
    return lagRecords.get();
  }

  void remove(MeterRegistry registry) {
    meters.forEach(registry::remove);
  }
}

package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A flow's consumer-group meters, set once per checkpoint cycle by the process that leads the flow:
 * checkpoints written, the last good cycle's time, groups synced and skipped, and the groups whose
 * offsets had no exact translation ({@link GroupMeterSet}).
 */
public final class OffsetMeters {

  private final LongAdder checkpointsWritten = new LongAdder();
  private final AtomicLong checkpointMillis = new AtomicLong();
  private final AtomicLong groupsSynced = new AtomicLong();
  private final AtomicLong groupsSkippedActive = new AtomicLong();
  private final GroupMeterSet untranslatable;

  OffsetMeters(MeterRegistry registry, Tags tags) {
    untranslatable = new GroupMeterSet(registry, tags);
    FunctionCounter.builder("kmirror.checkpoints.written", checkpointsWritten, LongAdder::sum)
        .description("MM2 checkpoints written to the target")
        .tags(tags)
        .register(registry);
    Gauge.builder("kmirror.checkpoint.timestamp", checkpointMillis, m -> m.get() / 1000.0)
        .description("Unix time of the last checkpoint cycle, 0 before the first")
        .baseUnit("seconds")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder("kmirror.groups.synced", groupsSynced, AtomicLong::get)
        .description("Consumer groups whose offsets the last cycle committed on the target")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder("kmirror.groups.skipped.active", groupsSkippedActive, AtomicLong::get)
        .description("Consumer groups left alone because they have active members on the target")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  /** One checkpoint cycle's outcome; only a cycle that succeeded moves the checkpoint time. */
  public void cycle(
      boolean succeeded,
      long nowMillis,
      long checkpoints,
      int synced,
      int skippedActive,
      Map<String, Long> untranslatableByGroup) {
    checkpointsWritten.add(checkpoints);
    if (succeeded) {
      checkpointMillis.set(nowMillis);
    }
    groupsSynced.set(synced);
    groupsSkippedActive.set(skippedActive);
    untranslatable.update(untranslatableByGroup);
  }

  public long checkpointMillis() {
    return checkpointMillis.get();
  }

  public long groupsSynced() {
    return groupsSynced.get();
  }

  public long groupsSkippedActive() {
    return groupsSkippedActive.get();
  }
}

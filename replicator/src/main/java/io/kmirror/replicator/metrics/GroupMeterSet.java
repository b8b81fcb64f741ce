package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kmirror_offsets_untranslatable{group}} of one flow: partitions of each group whose
 * committed offset had no exact translation in the last checkpoint cycle. At most {@link #MAX}
 * groups get a series; the rest are summed under {@code group="_other"}, a series that always
 * exists (0 when nothing is folded), so the flow has the metric from the start. A group that is
 * gone (or translates exactly again) loses its series.
 */
final class GroupMeterSet {

  static final int MAX = 100;
  private static final String OTHER = "_other";

  private final MeterRegistry registry;
  private final Tags flowTags;
  private final Map<String, Gauge> gauges = new HashMap<>();
  private final Map<String, AtomicLong> values = new HashMap<>();

  GroupMeterSet(MeterRegistry registry, Tags flowTags) {
    this.registry = registry;
    this.flowTags = flowTags;
    value(OTHER);
  }

  /** The last cycle's untranslatable partitions per group; groups not named drop their series. */
  synchronized void update(Map<String, Long> untranslatable) {
    Map<String, Long> shown = new HashMap<>();
    untranslatable.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String label =
                  shown.size() < MAX || shown.containsKey(e.getKey()) ? e.getKey() : OTHER;
              shown.merge(label, e.getValue(), Long::sum);
            });
    gauges
        .entrySet()
        .removeIf(
            e -> {
              if (shown.containsKey(e.getKey()) || e.getKey().equals(OTHER)) {
                return false;
              }
              registry.remove(e.getValue());
              values.remove(e.getKey());
              return true;
            });
    value(OTHER).set(0);
    shown.forEach((group, count) -> value(group).set(count));
  }

  private AtomicLong value(String group) {
    return values.computeIfAbsent(
        group,
        g -> {
          AtomicLong v = new AtomicLong();
          gauges.put(
              g,
              Gauge.builder("kmirror.offsets.untranslatable", v, AtomicLong::get)
                  .description(
                      "Partitions of the group whose committed offset had no exact translation in"
                          + " the last checkpoint cycle")
                  .tags(flowTags)
                  .tag("group", g)
                  .strongReference(true)
                  .register(registry));
          return v;
        });
  }
}

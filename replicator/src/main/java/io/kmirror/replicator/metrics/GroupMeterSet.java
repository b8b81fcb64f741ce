package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

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

  private final GaugeFamily<String> gauges;

  GroupMeterSet(MeterRegistry registry, Tags flowTags) {
    gauges =
        new GaugeFamily<>(
            registry,
            "kmirror.offsets.untranslatable",
            "Partitions of the group whose committed offset had no exact translation in the last"
                + " checkpoint cycle",
            group -> flowTags.and("group", group));
    gauges.update(Map.of(OTHER, 0L));
  }

  /** The last cycle's untranslatable partitions per group; groups not named drop their series. */
  void update(Map<String, Long> untranslatable) {
    Map<String, Long> shown = new HashMap<>();
    shown.put(OTHER, 0L);
    untranslatable.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String label = shown.size() <= MAX ? e.getKey() : OTHER;
              shown.merge(label, e.getValue(), Long::sum);
            });
    gauges.update(shown);
  }
}

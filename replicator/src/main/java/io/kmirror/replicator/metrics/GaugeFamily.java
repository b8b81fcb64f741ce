package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One gauge name whose series come and go with a set of keys (groups, partitions): {@link #update}
 * sets the series of the keys given and removes the series of every other key, so the family never
 * keeps a series for something that is gone. Synchronized: updates come from one periodic task,
 * scrapes from another thread.
 */
final class GaugeFamily<K> {

  private final MeterRegistry registry;
  private final String name;
  private final String help;
  private final Function<K, Tags> tags;
  private final Map<K, Gauge> gauges = new HashMap<>();
  private final Map<K, AtomicLong> values = new HashMap<>();

  /**
   * @param tags every label of a key's series, the flow's included
   */
  GaugeFamily(MeterRegistry registry, String name, String help, Function<K, Tags> tags) {
    this.registry = registry;
    this.name = name;
    this.help = help;
    this.tags = tags;
  }

  /** The series of exactly these keys, with these values. */
  synchronized void update(Map<K, Long> current) {
    gauges
        .entrySet()
        .removeIf(
            e -> {
              if (current.containsKey(e.getKey())) {
                return false;
              }
              registry.remove(e.getValue());
              values.remove(e.getKey());
              return true;
            });
    current.forEach((key, value) -> value(key).set(value));
  }

  private AtomicLong value(K key) {
    return values.computeIfAbsent(
        key,
        k -> {
          AtomicLong v = new AtomicLong();
          gauges.put(
              k,
              Gauge.builder(name, v, AtomicLong::get)
                  .description(help)
                  .tags(tags.apply(k))
                  .strongReference(true)
                  .register(registry));
          return v;
        });
  }
}

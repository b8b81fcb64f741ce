package io.kmirror.replicator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The per-topic meters of one flow, with bounded cardinality: the first {@code max} topics get a
 * series each; any further topic shares the series {@code topic="_other"} and is counted in {@code
 * kmirror_topics_folded}. A topic keeps its series (or its place in {@code _other}) while it is in
 * the flow, so a series never jumps between labels; when it leaves the flow its meters are removed
 * and its place is free for a new topic.
 *
 * <p>Synchronized: topic sync updates the set, workers and the lag probe read it, rarely (once per
 * partition per second at most), never per record.
 */
final class TopicMeterSet {

  static final String OTHER = "_other";

  private final MeterRegistry registry;
  private final Tags flowTags;
  private final int max;
  private final Map<String, TopicMeters> named = new HashMap<>();
  private final Set<String> folded = new HashSet<>();
  private TopicMeters other;

  TopicMeterSet(MeterRegistry registry, Tags flowTags, int max) {
    this.registry = registry;
    this.flowTags = flowTags;
    this.max = max;
    Gauge.builder("kmirror.topics.folded", this, TopicMeterSet::foldedCount)
        .description("Topics of the flow beyond kmirror.metrics.topics.max, summed as _other")
        .tags(flowTags)
        .strongReference(true)
        .register(registry);
  }

  /** The meters {@code topic} reports to, created (or folded) on first use. */
  synchronized TopicMeters of(String topic) {
    TopicMeters meters = named.get(topic);
    if (meters != null) {
      return meters;
    }
    if (!folded.contains(topic) && named.size() < max) {
      meters = new TopicMeters(registry, flowTags, topic);
      named.put(topic, meters);
      return meters;
    }
    folded.add(topic);
    return other();
  }

  /** Topics now in the flow: creates their meters, removes those of topics that left. */
  synchronized void retain(Set<String> topics) {
    named
        .entrySet()
        .removeIf(
            e -> {
              if (topics.contains(e.getKey())) {
                return false;
              }
              e.getValue().remove(registry);
              return true;
            });
    folded.retainAll(topics);
    if (folded.isEmpty() && other != null) {
      other.remove(registry);
      other = null;
    }
    topics.stream().sorted().forEach(this::of);
  }

  /** Every topic's meters and the topics reporting to each; {@code _other} collects the folded. */
  synchronized Map<TopicMeters, Set<String>> byMeters() {
    Map<TopicMeters, Set<String>> result = new HashMap<>();
    named.forEach((topic, meters) -> result.put(meters, Set.of(topic)));
    if (other != null) {
      result.put(other, Set.copyOf(folded));
    }
    return result;
  }

  /** Whether {@code topic} has series of its own (it is within the cap). */
  synchronized boolean named(String topic) {
    return named.containsKey(topic);
  }

  private TopicMeters other() {
    if (other == null) {
      other = new TopicMeters(registry, flowTags, OTHER);
    }
    return other;
  }

  private synchronized double foldedCount() {
    return folded.size();
  }
}

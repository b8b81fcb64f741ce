package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.SourceWindow.Position;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.offsets.TopicIds;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.PartitionIndex;
import io.kmirror.replicator.topics.TopicFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * Measures the recovery point at a cut: per mirrored topic, the source records the target did not
 * have (the source's end offsets at the cut minus what kmirror's offset index says is mirrored:
 * acknowledged by the target), and the age of the oldest of them.
 */
final class RpoProbe {

  private final FlowEndpoints endpoints;
  private final Duration timeout;
  private TopicIds sourceIds = TopicIds.UNKNOWN;

  RpoProbe(FlowEndpoints endpoints, Duration timeout) {
    this.endpoints = endpoints;
    this.timeout = timeout;
  }

  /**
   * The source's end offsets of every partition of every topic the flow mirrors; needs the source.
   * Learns the topics' IDs on the way, so that an index of an earlier topic of the same name
   * (deleted and re-created) does not count as what is mirrored of the current one.
   */
  Map<TopicPartition, Long> sourceEnds(Admin source)
      throws InterruptedException, ExecutionException, TimeoutException {
    long wait = timeout.toMillis();
    TopicFilter filter = new TopicFilter(endpoints.flow(), endpoints.context().policy());
    List<String> topics =
        source.listTopics().names().get(wait, TimeUnit.MILLISECONDS).stream()
            .filter(filter::mirrors)
            .sorted()
            .toList();
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    if (topics.isEmpty()) {
      return Map.of();
    }
    Map<String, String> ids = new HashMap<>();
    for (TopicDescription d :
        source.describeTopics(topics).allTopicNames().get(wait, TimeUnit.MILLISECONDS).values()) {
      ids.put(d.name(), d.topicId().toString());
      d.partitions()
          .forEach(
              p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    source
        .listOffsets(specs)
        .all()
        .get(wait, TimeUnit.MILLISECONDS)
        .forEach((tp, i) -> ends.put(tp, i.offset()));
    sourceIds = new TopicIds(ids);
    return ends;
  }

  /** Source records the target lacks per partition, given the index as of now. */
  Map<TopicPartition, Long> missing(OffsetIndex index, Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Long> missing = new HashMap<>();
    ends.forEach(
        (tp, end) -> {
          OptionalLong upTo = mirroredUpTo(index, tp);
          missing.put(tp, upTo.isEmpty() ? end : Math.max(0, end - upTo.getAsLong()));
        });
    return missing;
  }

  /**
   * Per topic: records missing, and the oldest missing record's age: read on the source when it is
   * reachable ({@code sourceUp}), else bounded by the newest record the target holds.
   */
  List<TopicRpo> topics(
      OffsetIndex index, Map<TopicPartition, Long> ends, Instant cut, boolean sourceUp)
      throws TimeoutException {
    ReplicationPolicy policy = endpoints.context().policy();
    Map<TopicPartition, Long> missing = missing(index, ends);
    Map<String, long[]> records = new TreeMap<>();
    Map<String, Double> ages = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : missing.entrySet()) {
      TopicPartition tp = e.getKey();
      records.computeIfAbsent(tp.topic(), t -> new long[1])[0] += e.getValue();
      if (e.getValue() > 0) {
        long from = mirroredUpTo(index, tp).orElse(0);
        double age = sourceUp ? sourceAge(tp, from, cut) : targetBound(policy, tp, cut);
        ages.merge(tp.topic(), age, Math::max);
      }
    }
    List<TopicRpo> rpo = new ArrayList<>();
    records.forEach(
        (topic, n) ->
            rpo.add(
                new TopicRpo(
                    topic,
                    policy.formatRemoteTopic(endpoints.flow().source(), topic),
                    n[0],
                    ages.getOrDefault(topic, 0.0),
                    sourceUp || n[0] == 0)));
    return rpo;
  }

  /**
   * The next source offset to mirror, as far as the index knows of the source's current topic;
   * empty when it knows none (no run yet, or only runs of an earlier topic of the same name).
   */
  private OptionalLong mirroredUpTo(OffsetIndex index, TopicPartition tp) {
    return index
        .partition(tp, sourceIds.of(tp.topic()))
        .map(PartitionIndex::mirroredUpTo)
        .filter(upTo -> upTo >= 0)
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  private double sourceAge(TopicPartition tp, long offset, Instant cut) throws TimeoutException {
    Map<String, Object> config = endpoints.sourceConsumer(0);
    Position at = new Position(tp, offset);
    List<RecordView> window = SourceWindow.read(config, List.of(at), timeout).get(at);
    return window.stream()
        .filter(r -> r.offset() >= offset)
        .findFirst()
        .map(r -> seconds(cut.toEpochMilli() - r.timestamp()))
        .orElse(0.0);
  }

  /** The cut minus the timestamp of the newest record the target has on that partition. */
  private double targetBound(ReplicationPolicy policy, TopicPartition tp, Instant cut) {
    TopicPartition remote =
        new TopicPartition(
            policy.formatRemoteTopic(endpoints.flow().source(), tp.topic()), tp.partition());
    Map<String, Object> config = endpoints.targetProgressConsumer(0);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kmirror-drill-rpo");
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(List.of(remote));
      long end = consumer.endOffsets(List.of(remote), timeout).get(remote);
      if (end == 0) {
        return Double.NaN;
      }
      consumer.seek(remote, end - 1);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return seconds(cut.toEpochMilli() - record.timestamp());
        }
      }
    }
    return Double.NaN;
  }

  private static double seconds(long millis) {
    return Math.max(0, millis) / 1000.0;
  }
}

package io.kmirror.replicator.offsets;

import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One source partition and its remote partition read in full (source with {@code read_committed}),
 * to compute what exact translation must answer: the target offset of the last copy of the first
 * source record at or above the committed offset (records are matched by value, unique per produced
 * record), or the target's end when no such record exists.
 */
final class SideBySide {

  private final List<long[]> source = new ArrayList<>();
  private final Map<String, Long> lastCopy = new HashMap<>();
  private final List<String> sourceValues = new ArrayList<>();
  private final long targetEnd;
  private final long targetRecords;

  private SideBySide(
      List<ConsumerRecord<String, String>> sourceRecords,
      List<ConsumerRecord<String, String>> targetRecords,
      long targetEnd) {
    for (ConsumerRecord<String, String> r : sourceRecords) {
      source.add(new long[] {r.offset()});
      sourceValues.add(r.value());
    }
    for (ConsumerRecord<String, String> r : targetRecords) {
      lastCopy.merge(r.value(), r.offset(), Math::max);
    }
    this.targetEnd = targetEnd;
    this.targetRecords = targetRecords.size();
  }

  static SideBySide read(
      KafkaCluster a, KafkaCluster b, String topic, String remote, int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    TopicPartition rtp = new TopicPartition(remote, partition);
    List<ConsumerRecord<String, String>> s = readAll(a, tp);
    List<ConsumerRecord<String, String>> t = readAll(b, rtp);
    try (KafkaConsumer<String, String> c = consumer(b)) {
      return new SideBySide(s, t, c.endOffsets(List.of(rtp)).get(rtp));
    }
  }

  long expected(long committed) {
    for (int i = 0; i < source.size(); i++) {
      if (source.get(i)[0] >= committed) {
        Long copy = lastCopy.get(sourceValues.get(i));
        if (copy == null) {
          throw new IllegalStateException(
              "source record " + source.get(i)[0] + " not mirrored yet");
        }
        return copy;
      }
    }
    return targetEnd;
  }

  /** Offsets of one partition that hold no readable record (markers, aborted, compacted). */
  static List<Long> gaps(KafkaCluster cluster, String topic, int partition) {
    List<Long> gaps = new ArrayList<>();
    long expectedNext = 0;
    for (ConsumerRecord<String, String> r :
        readAll(cluster, new TopicPartition(topic, partition))) {
      for (long o = expectedNext; o < r.offset(); o++) {
        gaps.add(o);
      }
      expectedNext = r.offset() + 1;
    }
    return gaps;
  }

  int sourceRecords() {
    return source.size();
  }

  long targetRecords() {
    return targetRecords;
  }

  static List<ConsumerRecord<String, String>> readAll(KafkaCluster cluster, TopicPartition tp) {
    return readAll(consumer(cluster), tp, Duration.ofSeconds(60));
  }

  /**
   * Every record of {@code tp}, from its start up to its end when called; closes {@code reader}.
   */
  static <K, V> List<ConsumerRecord<K, V>> readAll(
      KafkaConsumer<K, V> reader, TopicPartition tp, Duration wait) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = reader) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      await()
          .atMost(wait)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return consumer.position(tp) >= end;
              });
    }
    return records;
  }

  static KafkaConsumer<String, String> consumer(KafkaCluster cluster) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "side-by-side-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return new KafkaConsumer<>(config);
  }
}

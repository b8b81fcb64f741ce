package io.kmirror.replicator.failover;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the source records around given positions (a group's committed offset), so a drill can
 * tell, by content, which source record a consumer on the target resumed at and how far that is
 * from where it should be. Read before the source goes away; no group, nothing committed.
 */
final class SourceWindow {

  /** A group's position on one source partition. */
  record Position(TopicPartition partition, long offset) {}

  /** Records compared on each side of a position: re-reads or skips beyond it are "not found". */
  static final int RADIUS = 50;

  private SourceWindow() {}

  /**
   * @param consumerConfig a consumer config for the source, without group
   * @return per position, the source records in {@code [offset - RADIUS, offset + RADIUS)} that
   *     exist now, in offset order
   */
  static Map<Position, List<RecordView>> read(
      Map<String, Object> consumerConfig, Collection<Position> positions, Duration timeout)
      throws TimeoutException {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kmirror-drill-source-reader");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // The mirroring consumer's config says none; this reader seeks what it reads, and a partition
    // it pauses without a position must not fail the poll.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<Position, List<RecordView>> windows = new HashMap<>();
    Map<TopicPartition, Deque<Position>> pending = new HashMap<>();
    positions.forEach(p -> pending.computeIfAbsent(p.partition(), tp -> new ArrayDeque<>()).add(p));
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      // One position per partition per round, all partitions of a round read together: a window
      // costs one fetch, not one round trip of its own.
      while (!pending.isEmpty()) {
        Map<TopicPartition, Position> round = new HashMap<>();
        pending.forEach((tp, queue) -> round.put(tp, queue.poll()));
        pending.values().removeIf(Deque::isEmpty);
        windows.putAll(round(consumer, round, deadline, timeout));
      }
    }
    return windows;
  }

  private static Map<Position, List<RecordView>> round(
      Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, Position> round,
      long deadline,
      Duration timeout)
      throws TimeoutException {
    consumer.assign(round.keySet());
    consumer.resume(consumer.paused());
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(round.keySet(), timeout);
    Map<TopicPartition, Long> ends = consumer.endOffsets(round.keySet(), timeout);
    Map<TopicPartition, long[]> ranges = new HashMap<>();
    Map<Position, List<RecordView>> windows = new HashMap<>();
    round.forEach(
        (tp, position) -> {
          long from = Math.max(starts.get(tp), position.offset() - RADIUS);
          long until = Math.min(ends.get(tp), position.offset() + RADIUS);
          windows.put(position, new ArrayList<>());
          if (from < until) {
            ranges.put(tp, new long[] {from, until});
            consumer.seek(tp, from);
          }
        });
    consumer.pause(round.keySet().stream().filter(tp -> !ranges.containsKey(tp)).toList());
    while (ranges.entrySet().stream()
        .anyMatch(e -> consumer.position(e.getKey()) < e.getValue()[1])) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "could not read the source records around " + round.values() + " in time");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        long[] range = ranges.get(tp);
        if (range != null && record.offset() >= range[0] && record.offset() < range[1]) {
          windows.get(round.get(tp)).add(RecordView.of(record));
        }
      }
    }
    return windows;
  }
}

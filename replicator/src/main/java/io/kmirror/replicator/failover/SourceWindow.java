package io.kmirror.replicator.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
    Map<Position, List<RecordView>> windows = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      for (Position position : positions) {
        windows.put(position, window(consumer, position, deadline, timeout));
      }
    }
    return windows;
  }

  private static List<RecordView> window(
      Consumer<byte[], byte[]> consumer, Position position, long deadline, Duration timeout)
      throws TimeoutException {
    TopicPartition tp = position.partition();
    consumer.assign(List.of(tp));
    long start = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
    long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
    long from = Math.max(start, position.offset() - RADIUS);
    long until = Math.min(end, position.offset() + RADIUS);
    List<RecordView> records = new ArrayList<>();
    if (from >= until) {
      return records;
    }
    consumer.seek(tp, from);
    while (consumer.position(tp) < until) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("could not read " + tp + " on the source in time");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < until) {
          records.add(RecordView.of(record));
        }
      }
    }
    return records;
  }
}

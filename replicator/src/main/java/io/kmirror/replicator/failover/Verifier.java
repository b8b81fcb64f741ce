package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.PartitionCheck.Match;
import io.kmirror.replicator.failover.SourceWindow.Position;
import io.kmirror.replicator.flow.FlowEndpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts one consumer of a failed-over group on the target, exactly as the group's application
 * would (same group id, the group's committed offsets, no reset policy), and checks by content that
 * the first record it reads on each partition is the source record right after the group's last
 * committed one. It assigns partitions instead of subscribing, so it never joins or rebalances the
 * group, and it never commits.
 */
final class Verifier {

  private Verifier() {}

  static List<PartitionCheck> verify(
      FlowEndpoints endpoints,
      String group,
      List<PlanRow> rows,
      Map<Position, List<RecordView>> windows,
      Duration timeout) {
    Map<String, Object> config = endpoints.targetProgressConsumer(0);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kmirror-drill-verify-" + group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    List<TopicPartition> partitions = rows.stream().map(PlanRow::target).toList();
    Map<TopicPartition, Long> positions = new HashMap<>();
    Map<TopicPartition, RecordView> first = new HashMap<>();
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(partitions);
      for (TopicPartition tp : partitions) {
        positions.put(tp, consumer.position(tp, timeout));
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done(partitions, first, positions, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          first.putIfAbsent(tp, RecordView.of(record));
        }
      }
    }
    List<PartitionCheck> checks = new ArrayList<>();
    for (PlanRow row : rows) {
      List<RecordView> window = windows.get(new Position(row.source(), row.committed()));
      checks.add(check(row, positions.get(row.target()), first.get(row.target()), window));
    }
    return checks;
  }

  private static boolean done(
      List<TopicPartition> partitions,
      Map<TopicPartition, RecordView> first,
      Map<TopicPartition, Long> positions,
      Map<TopicPartition, Long> end) {
    return partitions.stream()
        .allMatch(tp -> first.containsKey(tp) || positions.get(tp) >= end.get(tp));
  }

  /**
   * Compares the first record read on the target with the source records around the group's
   * committed offset: the right one is the first source record at or after it.
   *
   * @param first the first record read on the target, null when the consumer read none
   * @param window the source records around the committed offset, null when none were read
   */
  static PartitionCheck check(
      PlanRow row, long resumedAt, RecordView first, List<RecordView> window) {
    if (window == null) {
      return result(
          row,
          resumedAt,
          Match.NOT_FOUND,
          0,
          0,
          "no snapshot of the source at offset " + row.committed());
    }
    OptionalLong next =
        window.stream().mapToLong(RecordView::offset).filter(o -> o >= row.committed()).min();
    if (first == null) {
      return result(
          row,
          resumedAt,
          Match.NOTHING_READ,
          0,
          0,
          next.isEmpty()
              ? "at the end of both: nothing after the group's position"
              : "the target ends here: source records from "
                  + next.getAsLong()
                  + " never reached it (lost with the source, see RPO)");
    }
    Optional<RecordView> match = window.stream().filter(r -> r.sameContent(first)).findFirst();
    if (match.isEmpty()) {
      return result(
          row,
          resumedAt,
          Match.NOT_FOUND,
          0,
          0,
          "the first record read is not among the source records "
              + (row.committed() - SourceWindow.RADIUS)
              + ".."
              + (row.committed() + SourceWindow.RADIUS));
    }
    long y = match.get().offset();
    Match at = new Match.At(y);
    if (next.isEmpty()) {
      return result(
          row, resumedAt, at, count(window, y, Long.MAX_VALUE), 0, "re-read records after the end");
    }
    long expected = next.getAsLong();
    if (y == expected) {
      return result(
          row, resumedAt, at, 0, 0, "resumed at source offset " + y + ", the next record");
    }
    return y < expected
        ? result(
            row,
            resumedAt,
            at,
            count(window, y, expected),
            0,
            "resumed before the next record " + expected)
        : result(
            row,
            resumedAt,
            at,
            0,
            count(window, expected, y),
            "resumed after the next record " + expected);
  }

  private static long count(List<RecordView> window, long from, long until) {
    return window.stream().filter(r -> r.offset() >= from && r.offset() < until).count();
  }

  private static PartitionCheck result(
      PlanRow row, long resumedAt, Match match, long reRead, long skipped, String note) {
    return new PartitionCheck(
        row.group(),
        row.target(),
        row.committed(),
        OptionalLong.of(resumedAt),
        match,
        reRead,
        skipped,
        note);
  }
}

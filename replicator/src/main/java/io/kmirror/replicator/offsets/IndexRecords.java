package io.kmirror.replicator.offsets;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Keys and values of kmirror's offset index topic, UTF-8 text so that {@code kafka-console-consumer
 * --property print.key=true} shows them as they are:
 *
 * <ul>
 *   <li>a run: key {@code A->B/orders/3/run/1204}, value {@code 1200 5678} ({@code from} and {@code
 *       targetStart}; the key's last field is {@code sourceStart});
 *   <li>a mark: key {@code A->B/orders/3/mark}, value {@code 1300 1299 5773} ({@code next}, {@code
 *       lastSource}, {@code lastTarget}).
 * </ul>
 *
 * <p>One key per run start and one per partition's mark, so the topic can be compacted: a run
 * written again at the same start (a restart) replaces the older copy, and only the newest mark of
 * a partition is needed once the next run is written.
 *
 * <p>Tombstones (a null value) are what bound the topic: {@link IndexPruner} writes one for every
 * run key below the runs a partition still needs (the source's log start has passed them), and,
 * when the source topic no longer exists, for every run key of its partitions and then for their
 * mark. Compaction removes the tombstoned records; a reader that sees them before compaction has
 * run applies them ({@link RunTombstone}, {@link MarkTombstone}) and ends with the same index.
 */
public final class IndexRecords {

  /** One parsed record of one source partition: a run, a mark, or the tombstone of either. */
  public sealed interface Entry permits Run, Mark, RunTombstone, MarkTombstone {
    TopicPartition partition();
  }

  public record Run(TopicPartition partition, long from, long sourceStart, long targetStart)
      implements Entry {}

  public record Mark(TopicPartition partition, long next, long lastSource, long lastTarget)
      implements Entry {}

  /** The run key ending in {@code sourceStart} was pruned: the source no longer holds its run. */
  public record RunTombstone(TopicPartition partition, long sourceStart) implements Entry {}

  /** The partition's mark was removed: its source topic was deleted, its index is gone. */
  public record MarkTombstone(TopicPartition partition) implements Entry {}

  private static final String RUN = "run";
  private static final String MARK = "mark";

  private IndexRecords() {}

  public static byte[] runKey(FlowId flow, TopicPartition tp, long sourceStart) {
    return utf8(prefix(flow, tp) + RUN + "/" + sourceStart);
  }

  public static byte[] runValue(long from, long targetStart) {
    return utf8(from + " " + targetStart);
  }

  public static byte[] markKey(FlowId flow, TopicPartition tp) {
    return utf8(prefix(flow, tp) + MARK);
  }

  public static byte[] markValue(long next, long lastSource, long lastTarget) {
    return utf8(next + " " + lastSource + " " + lastTarget);
  }

  /**
   * The entry a record holds when it belongs to {@code flow} and is well formed; a null value is
   * the key's tombstone.
   */
  public static Optional<Entry> parse(FlowId flow, byte[] key, byte[] value) {
    if (key == null) {
      return Optional.empty();
    }
    String text = new String(key, StandardCharsets.UTF_8);
    String prefix = flow + "/";
    if (!text.startsWith(prefix)) {
      return Optional.empty();
    }
    String[] parts = text.substring(prefix.length()).split("/");
    String[] values = value == null ? null : new String(value, StandardCharsets.UTF_8).split(" ");
    try {
      if (parts.length == 4 && RUN.equals(parts[2])) {
        return run(partition(parts), Long.parseLong(parts[3]), values);
      }
      if (parts.length == 3 && MARK.equals(parts[2])) {
        return mark(partition(parts), values);
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static TopicPartition partition(String[] parts) {
    return new TopicPartition(parts[0], Integer.parseInt(parts[1]));
  }

  private static Optional<Entry> run(TopicPartition tp, long sourceStart, String[] values) {
    if (values == null) {
      return Optional.of(new RunTombstone(tp, sourceStart));
    }
    if (values.length != 2) {
      return Optional.empty();
    }
    return Optional.of(
        new Run(tp, Long.parseLong(values[0]), sourceStart, Long.parseLong(values[1])));
  }

  private static Optional<Entry> mark(TopicPartition tp, String[] values) {
    if (values == null) {
      return Optional.of(new MarkTombstone(tp));
    }
    if (values.length != 3) {
      return Optional.empty();
    }
    return Optional.of(
        new Mark(
            tp, Long.parseLong(values[0]), Long.parseLong(values[1]), Long.parseLong(values[2])));
  }

  private static String prefix(FlowId flow, TopicPartition tp) {
    return flow + "/" + tp.topic() + "/" + tp.partition() + "/";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

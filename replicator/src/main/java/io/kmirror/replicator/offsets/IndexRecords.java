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
 */
public final class IndexRecords {

  /** One parsed record: a run or a mark of one source partition. */
  public sealed interface Entry permits Run, Mark {
    TopicPartition partition();
  }

  public record Run(TopicPartition partition, long from, long sourceStart, long targetStart)
      implements Entry {}

  public record Mark(TopicPartition partition, long next, long lastSource, long lastTarget)
      implements Entry {}

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

  /** The entry a record holds when it belongs to {@code flow} and is well formed. */
  public static Optional<Entry> parse(FlowId flow, byte[] key, byte[] value) {
    if (key == null || value == null) {
      return Optional.empty();
    }
    String text = new String(key, StandardCharsets.UTF_8);
    String prefix = flow + "/";
    if (!text.startsWith(prefix)) {
      return Optional.empty();
    }
    String[] parts = text.substring(prefix.length()).split("/");
    String[] values = new String(value, StandardCharsets.UTF_8).split(" ");
    try {
      if (parts.length == 4 && RUN.equals(parts[2]) && values.length == 2) {
        TopicPartition tp = new TopicPartition(parts[0], Integer.parseInt(parts[1]));
        return Optional.of(
            new Run(
                tp,
                Long.parseLong(values[0]),
                Long.parseLong(parts[3]),
                Long.parseLong(values[1])));
      }
      if (parts.length == 3 && MARK.equals(parts[2]) && values.length == 3) {
        TopicPartition tp = new TopicPartition(parts[0], Integer.parseInt(parts[1]));
        return Optional.of(
            new Mark(
                tp,
                Long.parseLong(values[0]),
                Long.parseLong(values[1]),
                Long.parseLong(values[2])));
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String prefix(FlowId flow, TopicPartition tp) {
    return flow + "/" + tp.topic() + "/" + tp.partition() + "/";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

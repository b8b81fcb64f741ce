package io.kmirror.replicator.offsets.index;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Keys and values of kmirror's offset index topic, UTF-8 text so that {@code kafka-console-consumer
 * --property print.key=true} shows them as they are:
 *
 * <ul>
 *   <li>a run: key {@code A->B/orders/3/run/1204@kGx1Y2zQTm6bD0X3b1w2Aw}, value {@code 1200 5678}
 *       ({@code from} and {@code targetStart}; the key's last field is {@code sourceStart}, then
 *       the source topic's ID);
 *   <li>a mark: key {@code A->B/orders/3/mark@kGx1Y2zQTm6bD0X3b1w2Aw}, value {@code 1300 1299 5773}
 *       ({@code next}, {@code lastSource}, {@code lastTarget}).
 * </ul>
 *
 * <p><b>The topic ID is in the key</b>, not in the value, because a tombstone (a null value) can
 * only say which key it removes. A topic deleted and created again under the same name gets a new
 * ID, so none of its keys is a key of the old topic: a tombstone written for the old topic (by
 * pruning, or because the topic was deleted) can never remove a record of the new one, whatever
 * order the two land in and whatever compaction has done. A key without {@code @id} (written before
 * IDs were kept, or by a worker that could not learn the ID) parses with the unknown ID {@code ""}.
 *
 * <p>One key per run start and topic ID, and one per partition's mark and topic ID, so the topic
 * can be compacted: a run written again at the same start of the same topic (a restart) replaces
 * the older copy, and only the newest mark of a partition's topic is needed once the next run is
 * written.
 *
 * <p>Tombstones are what bound the topic: {@link io.kmirror.replicator.offsets.IndexPruner} writes
 * one for every run key below the runs a partition still needs (the source's log start has passed
 * them), for every key of an earlier topic of the same name, and, when the source topic no longer
 * exists, for every run key of its partitions and then for their marks. Compaction removes the
 * tombstoned records; a reader that sees them before compaction has run applies them ({@link
 * RunTombstone}, {@link MarkTombstone}) and ends with the same index ({@link PartitionEntries}).
 */
public final class IndexRecords {

  /** One parsed record of one source partition: a run, a mark, or the tombstone of either. */
  public sealed interface Entry permits Run, Mark, RunTombstone, MarkTombstone {
    TopicPartition partition();

    /** The ID of the source topic the entry belongs to; {@code ""} when its key names none. */
    String topicId();

    /** Whether this entry removes its key (a null value) rather than writing it. */
    default boolean isTombstone() {
      return this instanceof RunTombstone || this instanceof MarkTombstone;
    }
  }

  public record Run(
      TopicPartition partition, String topicId, long from, long sourceStart, long targetStart)
      implements Entry {

    /** A run whose key names no topic ID, as written before IDs were kept. */
    public Run(TopicPartition partition, long from, long sourceStart, long targetStart) {
      this(partition, "", from, sourceStart, targetStart);
    }
  }

  public record Mark(
      TopicPartition partition,
      String topicId,
      long next,
      long lastSource,
      long lastTarget,
      long nextTarget)
      implements Entry {

    /** A mark whose key names no topic ID, as written before IDs were kept. */
    public Mark(TopicPartition partition, long next, long lastSource, long lastTarget) {
      this(partition, "", next, lastSource, lastTarget);
    }

    /**
     * A mark that does not say where the next copy lands (at-least-once: {@code lastTarget + 1}).
     */
    public Mark(
        TopicPartition partition, String topicId, long next, long lastSource, long lastTarget) {
      this(partition, topicId, next, lastSource, lastTarget, -1);
    }
  }

  /** The run key ending in {@code sourceStart} was pruned: the source no longer holds its run. */
  public record RunTombstone(TopicPartition partition, String topicId, long sourceStart)
      implements Entry {

    public RunTombstone(TopicPartition partition, long sourceStart) {
      this(partition, "", sourceStart);
    }
  }

  /** The partition's mark was removed: its source topic is gone, so is its index. */
  public record MarkTombstone(TopicPartition partition, String topicId) implements Entry {

    public MarkTombstone(TopicPartition partition) {
      this(partition, "");
    }
  }

  private static final String RUN = "run";
  private static final String MARK = "mark";
  private static final char ID = '@';

  private IndexRecords() {}

  /**
   * @param topicId the source topic's ID, {@code ""} when unknown (the key then names none)
   */
  public static byte[] runKey(FlowId flow, TopicPartition tp, String topicId, long sourceStart) {
    return utf8(prefix(flow, tp) + RUN + "/" + sourceStart + idSuffix(topicId));
  }

  public static byte[] runValue(long from, long targetStart) {
    return utf8(from + " " + targetStart);
  }

  /**
   * @param topicId the source topic's ID, {@code ""} when unknown (the key then names none)
   */
  public static byte[] markKey(FlowId flow, TopicPartition tp, String topicId) {
    return utf8(prefix(flow, tp) + MARK + idSuffix(topicId));
  }

  public static byte[] markValue(long next, long lastSource, long lastTarget) {
    return utf8(next + " " + lastSource + " " + lastTarget);
  }

  /**
   * A mark that also says where the next copy lands on the target, when that is not {@code
   * lastTarget + 1}: with exactly-once the transaction's commit marker takes {@code lastTarget +
   * 1}, so the next copy lands at {@code lastTarget + 2} ({@link PartitionIndex}). A {@code
   * nextTarget} of -1 writes the three-field value every kmirror version reads.
   */
  public static byte[] markValue(long next, long lastSource, long lastTarget, long nextTarget) {
    return nextTarget < 0
        ? markValue(next, lastSource, lastTarget)
        : utf8(next + " " + lastSource + " " + lastTarget + " " + nextTarget);
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
    String[] parts = text.substring(prefix.length()).split("/", -1);
    String[] values = value == null ? null : new String(value, StandardCharsets.UTF_8).split(" ");
    try {
      String last = parts[parts.length - 1];
      int at = last.indexOf(ID);
      String field = at < 0 ? last : last.substring(0, at);
      String topicId = at < 0 ? "" : last.substring(at + 1);
      if (at >= 0 && (topicId.isEmpty() || topicId.indexOf(ID) >= 0)) {
        return Optional.empty();
      }
      if (parts.length == 4 && RUN.equals(parts[2])) {
        return run(partition(parts), topicId, Long.parseLong(field), values);
      }
      if (parts.length == 3 && MARK.equals(field)) {
        return mark(partition(parts), topicId, values);
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static TopicPartition partition(String[] parts) {
    return new TopicPartition(parts[0], Integer.parseInt(parts[1]));
  }

  private static Optional<Entry> run(
      TopicPartition tp, String topicId, long sourceStart, String[] values) {
    if (values == null) {
      return Optional.of(new RunTombstone(tp, topicId, sourceStart));
    }
    if (values.length != 2) {
      return Optional.empty();
    }
    return Optional.of(
        new Run(tp, topicId, Long.parseLong(values[0]), sourceStart, Long.parseLong(values[1])));
  }

  private static Optional<Entry> mark(TopicPartition tp, String topicId, String[] values) {
    if (values == null) {
      return Optional.of(new MarkTombstone(tp, topicId));
    }
    if (values.length != 3 && values.length != 4) {
      return Optional.empty();
    }
    return Optional.of(
        new Mark(
            tp,
            topicId,
            Long.parseLong(values[0]),
            Long.parseLong(values[1]),
            Long.parseLong(values[2]),
            values.length == 4 ? Long.parseLong(values[3]) : -1));
  }

  private static String prefix(FlowId flow, TopicPartition tp) {
    return flow + "/" + tp.topic() + "/" + tp.partition() + "/";
  }

  private static String idSuffix(String topicId) {
    return topicId.isEmpty() ? "" : ID + topicId;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

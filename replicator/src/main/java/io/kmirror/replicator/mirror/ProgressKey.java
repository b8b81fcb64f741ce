package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Key and value of one progress record: key {@code A->B/orders/3}, value the decimal next source
 * offset to read followed by {@code @} and the source topic's ID, then {@code ;last=} and the last
 * source offset below it that is on the target when one is known ({@code 1200@kGx1...;last=1187}),
 * all UTF-8, so {@code kafka-console-consumer --property print.key=true} shows them as they are.
 * Topic names cannot contain {@code /}, so the key parses back unambiguously from the right.
 *
 * <p>The last mirrored offset lets a stretch restarting from the stored offset write its first run
 * of the offset index with the offsets in between (transaction markers, aborted records) already
 * covered, so the run is exact on its own (see {@link PartitionProgress}). A value without it
 * (written before it was stored) reads as "last unknown", and so does a malformed one: the stored
 * offset stays as trusted as before, the run just starts at the stored offset. Topic IDs are base64
 * (no {@code ;}), so the suffix parses back unambiguously.
 *
 * <p>With exactly-once on, a value also names its writer: {@code ;by=} and the transactional ID of
 * the worker that committed it, then {@code ;released} when that worker gave the partition up
 * cleanly (revoked or stopped, in the same transaction as its last records). A worker that gains a
 * partition whose last writer is another one and did not release it fences that writer before it
 * writes (see {@link TransactionalMirror}). Readers that do not know these suffixes (an older
 * kmirror) read them as an unknown {@code last}, which changes no offset.
 *
 * <p>The topic ID is what makes a stored offset safe to resume from: a source topic deleted and
 * created again under the same name starts at offset 0, and the old topic's offset {@code n} would
 * skip its first {@code n} records. A value without an ID (written before IDs were stored) is
 * trusted as it is.
 */
public final class ProgressKey {

  /**
   * A stored position: the next source offset to read, in the topic with this ID ("" unknown), and
   * the last source offset below it that is on the target (-1 unknown).
   */
  public record Stored(long nextOffset, String topicId, long lastSource) {

    /** A position whose last mirrored offset is not known. */
    public Stored(long nextOffset, String topicId) {
      this(nextOffset, topicId, -1);
    }

    public boolean hasLast() {
      return lastSource >= 0;
    }

    /** Whether this position was taken in a topic other than the one with {@code currentId}. */
    public boolean belongsToAnotherTopicThan(String currentId) {
      return !topicId.isEmpty() && !currentId.isEmpty() && !topicId.equals(currentId);
    }
  }

  /**
   * Who committed a position with exactly-once on: a worker's transactional ID ({@code ""} when the
   * value names none, as at-least-once values do), and whether it released the partition.
   */
  public record Owner(String writer, boolean released) {

    public static final Owner NONE = new Owner("", true);
  }

  private static final String LAST = ";last=";
  private static final String BY = ";by=";
  private static final String RELEASED = ";released";

  private ProgressKey() {}

  public static byte[] key(FlowId flow, TopicPartition partition) {
    return (flow + "/" + partition.topic() + "/" + partition.partition())
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] value(long nextOffset, String topicId) {
    return value(nextOffset, topicId, -1);
  }

  /**
   * The value of a position, with {@code lastSource} when it is known ({@code >= 0}) and below
   * {@code nextOffset}.
   */
  public static byte[] value(long nextOffset, String topicId, long lastSource) {
    String text = topicId.isEmpty() ? Long.toString(nextOffset) : nextOffset + "@" + topicId;
    if (lastSource >= 0 && lastSource < nextOffset) {
      text += LAST + lastSource;
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** As {@link #value(long, String, long)}, naming the committing worker and whether it let go. */
  public static byte[] value(
      long nextOffset, String topicId, long lastSource, String writer, boolean released) {
    String text = new String(value(nextOffset, topicId, lastSource), StandardCharsets.UTF_8);
    text += BY + writer + (released ? RELEASED : "");
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The writer a value names; {@link Owner#NONE} when it names none or is a tombstone. */
  public static Owner parseOwner(byte[] value) {
    if (value == null) {
      return Owner.NONE;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    int by = text.indexOf(BY);
    if (by < 0) {
      return Owner.NONE;
    }
    String rest = text.substring(by + BY.length());
    boolean released = rest.endsWith(RELEASED);
    String writer = released ? rest.substring(0, rest.length() - RELEASED.length()) : rest;
    return writer.isEmpty() ? Owner.NONE : new Owner(writer, released);
  }

  /** The partition a key names, when the key belongs to {@code flow} and is well formed. */
  public static Optional<TopicPartition> parse(FlowId flow, byte[] key) {
    if (key == null) {
      return Optional.empty();
    }
    String text = new String(key, StandardCharsets.UTF_8);
    String prefix = flow + "/";
    int lastSlash = text.lastIndexOf('/');
    if (!text.startsWith(prefix) || lastSlash <= prefix.length()) {
      return Optional.empty();
    }
    try {
      int partition = Integer.parseInt(text.substring(lastSlash + 1));
      return Optional.of(new TopicPartition(text.substring(prefix.length(), lastSlash), partition));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The stored position; empty for a tombstone or a value that is not {@code offset[@id][;last=n]}.
   * A {@code last} that is not an offset below {@code offset} reads as unknown.
   */
  public static Optional<Stored> parseValue(byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = new String(value, StandardCharsets.UTF_8);
    int by = text.indexOf(BY);
    if (by >= 0) {
      text = text.substring(0, by);
    }
    int lastAt = text.lastIndexOf(LAST);
    String position = lastAt < 0 ? text : text.substring(0, lastAt);
    int at = position.indexOf('@');
    long offset;
    try {
      offset = Long.parseLong(at < 0 ? position : position.substring(0, at));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (offset < 0) {
      return Optional.empty();
    }
    long last = lastAt < 0 ? -1 : lastBelow(text.substring(lastAt + LAST.length()), offset);
    return Optional.of(new Stored(offset, at < 0 ? "" : position.substring(at + 1), last));
  }

  private static long lastBelow(String text, long offset) {
    try {
      long last = Long.parseLong(text);
      return last >= 0 && last < offset ? last : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Key and value of one progress record: key {@code A->B/orders/3}, value the decimal next source
 * offset to read followed by {@code @} and the source topic's ID ({@code 1200@kGx1...}), both
 * UTF-8, so {@code kafka-console-consumer --property print.key=true} shows them as they are. Topic
 * names cannot contain {@code /}, so the key parses back unambiguously from the right.
 *
 * <p>The topic ID is what makes a stored offset safe to resume from: a source topic deleted and
 * created again under the same name starts at offset 0, and the old topic's offset {@code n} would
 * skip its first {@code n} records. A value without an ID (written before IDs were stored) is
 * trusted as it is.
 */
public final class ProgressKey {

  /** A stored position: the next source offset to read, in the topic with this ID ("" unknown). */
  public record Stored(long nextOffset, String topicId) {

    /** Whether this position was taken in a topic other than the one with {@code currentId}. */
    public boolean belongsToAnotherTopicThan(String currentId) {
      return !topicId.isEmpty() && !currentId.isEmpty() && !topicId.equals(currentId);
    }
  }

  private ProgressKey() {}

  public static byte[] key(FlowId flow, TopicPartition partition) {
    return (flow + "/" + partition.topic() + "/" + partition.partition())
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] value(long nextOffset, String topicId) {
    String text = topicId.isEmpty() ? Long.toString(nextOffset) : nextOffset + "@" + topicId;
    return text.getBytes(StandardCharsets.UTF_8);
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

  /** The stored position; empty for a tombstone or a value that is not {@code offset[@id]}. */
  public static Optional<Stored> parseValue(byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    String text = new String(value, StandardCharsets.UTF_8);
    int at = text.indexOf('@');
    try {
      long offset = Long.parseLong(at < 0 ? text : text.substring(0, at));
      return offset < 0
          ? Optional.empty()
          : Optional.of(new Stored(offset, at < 0 ? "" : text.substring(at + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

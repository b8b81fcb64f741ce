package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Key and value of one progress record: key {@code A->B/orders/3}, value the decimal next source
 * offset to read, both UTF-8, so {@code kafka-console-consumer --property print.key=true} shows
 * them as they are. Topic names cannot contain {@code /}, so the key parses back unambiguously from
 * the right.
 */
public final class ProgressKey {

  private ProgressKey() {}

  public static byte[] key(FlowId flow, TopicPartition partition) {
    return (flow + "/" + partition.topic() + "/" + partition.partition())
        .getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] value(long nextOffset) {
    return Long.toString(nextOffset).getBytes(StandardCharsets.UTF_8);
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

  /** The stored offset, or -1 for a tombstone or a value that is not a number. */
  public static long parseValue(byte[] value) {
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(new String(value, StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

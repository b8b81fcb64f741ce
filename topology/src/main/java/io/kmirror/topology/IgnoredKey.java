package io.kmirror.topology;

/**
 * A key of the file that kmirror accepts and does not use (an MM2 or Kafka Connect setting).
 *
 * @param key the key exactly as written
 * @param reason why it has no effect in kmirror
 */
public record IgnoredKey(String key, String reason) {}

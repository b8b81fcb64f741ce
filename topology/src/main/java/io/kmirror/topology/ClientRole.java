package io.kmirror.topology;

import java.util.Locale;

/**
 * The three kinds of Kafka client, and the key prefix ({@code consumer.}, ...) that targets one.
 */
public enum ClientRole {
  CONSUMER,
  PRODUCER,
  ADMIN;

  /** {@code consumer}, {@code producer} or {@code admin}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code consumer.}, {@code producer.} or {@code admin.}. */
  public String prefix() {
    return label() + ".";
  }
}

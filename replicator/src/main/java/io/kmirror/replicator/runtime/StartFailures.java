package io.kmirror.replicator.runtime;

import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * Which failures of a flow's start can heal by themselves. A cluster that does not answer may come
 * up, its DNS name may appear; but Kafka clients that reject their configuration ({@link
 * ConfigException}) or a cluster that refuses the credentials ({@link AuthenticationException},
 * which covers SASL and SSL) fail the same way on every retry until someone changes the file or the
 * secrets. Those are permanent, so that {@code run} can say so once and exit.
 */
public final class StartFailures {

  /** Kafka's ConfigException for a bootstrap name DNS does not resolve (yet): transient. */
  private static final String UNRESOLVABLE = "No resolvable bootstrap urls";

  private StartFailures() {}

  /** The one-line reason when {@code failure} (or one of its causes) is permanent. */
  public static Optional<String> permanent(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthenticationException) {
        return Optional.of("authentication refused: " + message(cause));
      }
      if (cause instanceof ConfigException
          && !String.valueOf(cause.getMessage()).contains(UNRESOLVABLE)) {
        return Optional.of("client configuration rejected: " + message(cause));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static String message(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + message.strip().replaceAll("\\s+", " ");
  }
}

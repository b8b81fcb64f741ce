package io.kmirror.broker;

/**
 * An embedded cluster could not be started, formatted or reached; the message names the cluster.
 */
public final class EmbeddedClusterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddedClusterException(String message, Throwable cause) {
    super(message, cause);
  }

  public EmbeddedClusterException(String message) {
    super(message);
  }
}

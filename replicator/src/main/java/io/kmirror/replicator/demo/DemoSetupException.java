package io.kmirror.replicator.demo;

/**
 * The topology cannot be demonstrated as it is (no sample topic can be derived, a cluster is not
 * embedded): bad input, reported as its message, one problem per line.
 */
public final class DemoSetupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DemoSetupException(String message) {
    super(message);
  }
}

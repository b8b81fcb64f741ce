package io.kmirror.replicator.cli;

/**
 * Thrown by a command when what the user gave cannot work ({@code --from X} naming no cluster, a
 * group that does not exist): printed as its one-line message, exit status 2, no stack trace.
 */
public final class BadInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }
}

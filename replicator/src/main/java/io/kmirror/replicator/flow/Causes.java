package io.kmirror.replicator.flow;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure behind the wrappers that asynchronous calls (Kafka's, Vert.x's) put around it. */
public final class Causes {

  private Causes() {}

  /**
   * {@code error} without its {@link CompletionException} and {@link ExecutionException} shells.
   */
  public static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}

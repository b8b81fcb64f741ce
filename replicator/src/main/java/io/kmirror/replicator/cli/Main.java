package io.kmirror.replicator.cli;

/** Entry point of {@code java -jar kmirror.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {}
}

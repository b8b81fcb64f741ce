package io.kmirror.replicator.cli;

/** The exit statuses every command keeps to; scripts and docs depend on them. */
public final class ExitCode {

  /** The command did what was asked. */
  public static final int OK = 0;

  /**
   * Something failed at run time: a flow refused for good at start, a cluster {@code validate
   * --connect} cannot use, a drill or failover that failed.
   */
  public static final int FAILURE = 1;

  /** Bad input or usage: an invalid topology file, an unknown option or command. */
  public static final int BAD_INPUT = 2;

  private ExitCode() {}
}

package io.kmirror.replicator.cli;

import io.kmirror.topology.TopologyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into lines and an exit status, never a stack trace on the terminal:
 * an invalid topology prints every problem (exit 2), {@link BadInputException} its message (exit
 * 2), anything else one line (exit 1) with the stack trace at debug level in the log.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  private final Console console;

  FailureHandler(Console console) {
    this.console = console;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    String name = command.getCommandSpec().qualifiedName();
    if (e instanceof TopologyException invalid) {
      invalid.errors().forEach(p -> console.error(p.line()));
      invalid.warnings().forEach(p -> console.error(p.line()));
      console.error(name + ": the topology has " + count(invalid.errors().size(), "error"));
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof BadInputException bad) {
      console.error(name + ": " + bad.getMessage());
      return ExitCode.BAD_INPUT;
    }
    LOG.debug("{} failed", name, e);
    console.error(name + ": failed: " + describe(e));
    return ExitCode.FAILURE;
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}

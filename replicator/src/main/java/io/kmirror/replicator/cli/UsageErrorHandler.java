package io.kmirror.replicator.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** A usage error (unknown command or option, missing argument): one line, a hint, exit 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {

  private final Console console;

  UsageErrorHandler(Console console) {
    this.console = console;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    console.error(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    if (e instanceof UnmatchedArgumentException unmatched) {
      UnmatchedArgumentException.printSuggestions(unmatched, console.err());
    }
    console.error(
        "Try '"
            + command.getCommandSpec().qualifiedName()
            + " --help' for the commands and options.");
    return ExitCode.BAD_INPUT;
  }
}

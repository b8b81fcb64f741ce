package io.kmirror.replicator.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates commands and mixins for picocli, handing the {@link Console} to those whose constructor
 * takes one: {@code public RunCommand(Console console)}. Others are built as picocli would.
 */
final class CommandFactory implements CommandLine.IFactory {

  private final Console console;

  CommandFactory(Console console) {
    this.console = console;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      Constructor<K> withConsole = type.getDeclaredConstructor(Console.class);
      withConsole.setAccessible(true);
      return withConsole.newInstance(console);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(type);
    }
  }
}

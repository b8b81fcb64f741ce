package io.kmirror.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where Kafka's local config providers read from: the process environment ({@code
 * EnvVarConfigProvider}) and files ({@code FileConfigProvider}, {@code DirectoryConfigProvider}).
 * The parser reads them only to tell whether a reference would resolve; tests give fixed ones.
 */
public interface ProviderSources {

  /** The value of environment variable {@code name}, if set. */
  Optional<String> env(String name);

  /** The text of {@code file}; throws what reading it would throw. */
  String read(Path file) throws IOException;

  /**
   * Whether references are followed at all. A file checked on a machine other than the one that
   * runs it (a laptop, CI) has no secrets to follow; its references are then checked for syntax and
   * declared providers only.
   */
  default boolean followed() {
    return true;
  }

  /** Sources that are not followed: see {@link #followed()}. */
  static ProviderSources notFollowed() {
    return new ProviderSources() {
      @Override
      public Optional<String> env(String name) {
        return Optional.empty();
      }

      @Override
      public String read(Path file) throws IOException {
        throw new IOException("references are not followed");
      }

      @Override
      public boolean followed() {
        return false;
      }
    };
  }

  /** This process's environment and file system. */
  static ProviderSources system() {
    return new ProviderSources() {
      @Override
      public Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name));
      }

      @Override
      public String read(Path file) throws IOException {
        return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    };
  }

  /** Fixed variables and files (path as written to text): for tests and tools. */
  static ProviderSources of(Map<String, String> env, Map<String, String> files) {
    return new ProviderSources() {
      @Override
      public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
      }

      @Override
      public String read(Path file) throws IOException {
        String text = files.get(file.toString());
        if (text == null) {
          throw new java.nio.file.NoSuchFileException(file.toString());
        }
        return text;
      }
    };
  }
}

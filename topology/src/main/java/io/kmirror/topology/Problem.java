package io.kmirror.topology;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with, or worth knowing about, a topology file, printed as one line: {@code file:
 * [warning: ][key 'K' ][value 'V' ]what is wrong; expected what would be accepted}. A secret key's
 * value is never kept: it is replaced by {@value ClientConfig#HIDDEN} when the problem is made.
 *
 * @param file the file the value came from; empty while a record's own check has not yet been
 *     placed by the parser
 * @param key the key exactly as written, when the problem is about one key
 * @param value the value exactly as written (trimmed), when the value is at fault
 * @param message what is wrong and what would be accepted
 */
public record Problem(
    Severity severity, String file, Optional<String> key, Optional<String> value, String message) {

  /** Errors stop the topology from loading (exit 2); warnings are printed and loading goes on. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    boolean secret = key.map(ClientConfig::isSecretKey).orElse(false);
    value = secret ? value.map(v -> ClientConfig.HIDDEN) : value;
  }

  public static Problem error(String file, String key, String value, String message) {
    return new Problem(Severity.ERROR, file, Optional.of(key), Optional.of(value), message);
  }

  public static Problem error(String file, String key, String message) {
    return new Problem(Severity.ERROR, file, Optional.of(key), Optional.empty(), message);
  }

  public static Problem warning(String file, String key, String value, String message) {
    return new Problem(Severity.WARNING, file, Optional.of(key), Optional.of(value), message);
  }

  public static Problem warning(String file, String key, String message) {
    return new Problem(Severity.WARNING, file, Optional.of(key), Optional.empty(), message);
  }

  /** A problem with the file as a whole rather than one key. */
  public static Problem fileWarning(String file, String message) {
    return new Problem(Severity.WARNING, file, Optional.empty(), Optional.empty(), message);
  }

  /** A problem with the file as a whole rather than one key. */
  public static Problem fileError(String file, String message) {
    return new Problem(Severity.ERROR, file, Optional.empty(), Optional.empty(), message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** This problem placed at {@code key} in {@code file}, keeping its value and message. */
  public Problem at(String file, String key) {
    return new Problem(severity, file, Optional.of(key), value, message);
  }

  /**
   * The one line printed for this problem. Control characters (a binary file's bytes, a value with
   * an escape sequence) are written as {@code \\uXXXX}, so a line can neither break in two nor
   * drive the terminal.
   */
  public String line() {
    StringBuilder line = new StringBuilder();
    if (!file.isEmpty()) {
      line.append(file).append(": ");
    }
    if (severity == Severity.WARNING) {
      line.append("warning: ");
    }
    key.ifPresent(k -> line.append("key '").append(k).append("' "));
    value.ifPresent(v -> line.append("value '").append(v).append("' "));
    return escape(line.append(message));
  }

  /** {@code text} with every ISO control character written as {@code \\uXXXX}. */
  static String escape(CharSequence text) {
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (escaped == null) {
          escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        escaped.append(String.format("\\u%04x", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? text.toString() : escaped.toString();
  }

  @Override
  public String toString() {
    return line();
  }
}

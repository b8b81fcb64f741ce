package io.kmirror.topology;

/**
 * Bounds on what a topology file may hold, so a hostile or broken file (a multi-gigabyte log pasted
 * as a value, a device file named as the topology) is refused with one line instead of exhausting
 * memory. Real MM2 files are a few kilobytes; the largest legitimate values are inline PEM
 * certificate chains and JAAS configs of a few kilobytes.
 */
final class InputLimits {

  /** Largest topology file, in bytes (1 MiB). */
  static final long MAX_FILE_BYTES = 1 << 20;

  /** Longest key, in characters. */
  static final int MAX_KEY_CHARS = 1024;

  /** Longest value, in characters (64 KiB). */
  static final int MAX_VALUE_CHARS = 1 << 16;

  private InputLimits() {}

  /** Why a file of {@code size} bytes is refused; empty when it is within the limit. */
  static java.util.Optional<String> fileSize(long size) {
    return size > MAX_FILE_BYTES
        ? java.util.Optional.of(
            "is "
                + size
                + " bytes; expected at most "
                + MAX_FILE_BYTES
                + " bytes (1 MiB) for a topology file")
        : java.util.Optional.empty();
  }

  /**
   * Reports every key or value over its limit as an error at that key. The value is never quoted
   * (it may be a secret, and it is long).
   */
  static void check(RawProperties raw, Problems problems) {
    raw.entries()
        .forEach(
            (key, value) -> {
              if (key.length() > MAX_KEY_CHARS) {
                problems.error(
                    key.substring(0, 64) + "...",
                    "is a key of "
                        + key.length()
                        + " characters; expected at most "
                        + MAX_KEY_CHARS);
              } else if (value.length() > MAX_VALUE_CHARS) {
                problems.error(
                    key,
                    "has a value of "
                        + value.length()
                        + " characters; expected at most "
                        + MAX_VALUE_CHARS);
              }
            });
  }
}

package io.kmirror.replicator.mirror;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Loop prevention for identity-named flows: header {@value #HEADER} lists, comma-separated, the
 * clusters a record has been on before the current one. A record whose list names the flow's target
 * is dropped; every other record leaves with the source appended.
 *
 * <p>Hot path: the check scans the header bytes in place; a record without the header gets a
 * shared, never-mutated value array, so the common case allocates only the header object. Cluster
 * names must not contain a comma (MM2's aliases never do).
 */
public final class Provenance {

  public static final String HEADER = "kmirror.provenance";

  private static final byte SEPARATOR = ',';

  private final byte[] source;
  private final byte[] target;

  public Provenance(String source, String target) {
    this.source = source.getBytes(StandardCharsets.UTF_8);
    this.target = target.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the record has already been on the target: then it must not go there again. */
  public boolean visitedTarget(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    return header != null && contains(header.value(), target);
  }

  /** Records the source in {@code headers} (a producer record's own, mutable headers). */
  public void stamp(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    if (header == null) {
      headers.add(HEADER, source);
      return;
    }
    byte[] seen = header.value();
    if (contains(seen, source)) {
      return;
    }
    headers.remove(HEADER);
    headers.add(HEADER, append(seen, source));
  }

  static boolean contains(byte[] list, byte[] name) {
    if (list == null) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= list.length; i++) {
      if (i == list.length || list[i] == SEPARATOR) {
        if (i - start == name.length && Arrays.equals(list, start, i, name, 0, name.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static byte[] append(byte[] list, byte[] name) {
    if (list == null || list.length == 0) {
      return name;
    }
    byte[] joined = Arrays.copyOf(list, list.length + 1 + name.length);
    joined[list.length] = SEPARATOR;
    System.arraycopy(name, 0, joined, list.length + 1, name.length);
    return joined;
  }
}

package io.kmirror.topology;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A properties file read the way MM2 reads it ({@link Properties#load}: {@code =}, {@code :} or
 * space separators, {@code \} continuations, {@code #}/{@code !} comments) but kept as a flat map
 * of every key exactly as written, in file order, noting keys written twice. Never a nested config:
 * {@code A->B.topics} next to {@code A->B.topics.exclude} keeps both.
 *
 * @param entries key to value, values with trailing spaces trimmed (Kafka trims them too)
 * @param repeated keys written more than once; the last value wins, as in MM2
 * @param latin1 whether the bytes were not valid UTF-8 and were read as ISO-8859-1
 */
record RawProperties(Map<String, String> entries, List<String> repeated, boolean latin1) {

  RawProperties {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    repeated = List.copyOf(repeated);
  }

  /** Reads a file's bytes: UTF-8, or ISO-8859-1 (MM2's encoding) when they are not valid UTF-8. */
  static RawProperties parse(byte[] bytes) {
    String text;
    boolean latin1 = false;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, StandardCharsets.ISO_8859_1);
      latin1 = true;
    }
    RawProperties raw = parse(text);
    return new RawProperties(raw.entries(), raw.repeated(), latin1);
  }

  /** Throws {@link IllegalArgumentException} for a malformed {@code \\uxxxx} escape. */
  static RawProperties parse(String text) {
    Map<String, String> entries = new LinkedHashMap<>();
    Set<String> repeated = new LinkedHashSet<>();
    Properties recorder =
        new Properties() {
          private static final long serialVersionUID = 1L;

          @Override
          public synchronized Object put(Object key, Object value) {
            String k = key.toString();
            if (entries.containsKey(k)) {
              repeated.add(k);
            }
            entries.put(k, value.toString().strip());
            return super.put(key, value);
          }
        };
    try {
      recorder.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RawProperties(entries, List.copyOf(repeated), false);
  }
}

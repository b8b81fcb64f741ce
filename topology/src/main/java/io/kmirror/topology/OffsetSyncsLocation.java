package io.kmirror.topology;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code offset-syncs.topic.location}: which cluster holds {@code
 * mm2-offset-syncs.<target>.internal}. MM2 writes the value in lower case and accepts any case.
 */
public enum OffsetSyncsLocation {
  SOURCE,
  TARGET;

  /** The value as MM2's files write it: {@code source} or {@code target}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OffsetSyncsLocation> fromConfig(String value) {
    String wanted = value.trim().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(l -> l.name().equals(wanted)).findFirst();
  }
}

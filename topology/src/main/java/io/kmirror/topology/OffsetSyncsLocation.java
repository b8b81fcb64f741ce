package io.kmirror.topology;

/**
 * {@code offset-syncs.topic.location}: which cluster holds {@code
 * mm2-offset-syncs.<target>.internal}.
 */
public enum OffsetSyncsLocation {
  SOURCE,
  TARGET
}

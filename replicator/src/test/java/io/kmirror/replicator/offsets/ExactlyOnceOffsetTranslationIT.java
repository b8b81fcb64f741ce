package io.kmirror.replicator.offsets;

/**
 * {@link OffsetTranslationIT}'s scenarios with {@code kmirror.exactly.once.enabled = true}, on a
 * pair of clusters of its own: commit markers take target offsets, and every group still translates
 * to the exact target offset, through Apache's {@code RemoteClusterUtils.translateOffsets} and on
 * B's idle groups. After a crash, read_committed shows no duplicate to choose between.
 */
class ExactlyOnceOffsetTranslationIT extends OffsetTranslationIT {

  @Override
  boolean exactlyOnce() {
    return true;
  }
}

package io.kmirror.replicator.mirror;

import java.util.HashMap;
import java.util.Map;

/**
 * Sends records through a {@link PartitionProgress} the way {@link MirroredRecord} does: in offset
 * order, each completion naming the record sent just before it.
 */
final class Sends {

  private final PartitionProgress progress;
  private final Map<Long, Long> previous = new HashMap<>();

  private Sends(PartitionProgress progress) {
    this.progress = progress;
  }

  static Sends of(PartitionProgress progress, long... offsets) {
    Sends sends = new Sends(progress);
    for (long offset : offsets) {
      sends.previous.put(offset, progress.sending(offset));
    }
    return sends;
  }

  PartitionProgress progress() {
    return progress;
  }

  void ack(long offset, long targetOffset) {
    progress.completed(offset, previous.get(offset), targetOffset, null);
  }

  void fail(long offset, Exception error) {
    progress.completed(offset, previous.get(offset), -1, error);
  }
}

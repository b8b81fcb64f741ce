package io.kmirror.replicator.offsets.index;

import java.util.Arrays;

/**
 * The run keys (each one's {@code sourceStart}) that one source partition has in the offset index
 * topic, as read so far: a run record adds its key, the key's tombstone removes it. The {@link
 * PartitionIndex} alone cannot tell which keys to tombstone: a restart that re-sent records
 * truncated the runs of the earlier copies, but their records stay in the topic under keys the
 * re-sent runs may not reuse. Keeping every key lets pruning tombstone those too, so every key
 * eventually goes once the source's log start passes it.
 *
 * <p>Sorted, without duplicates; keys arrive almost always in increasing order (a restart is the
 * exception), so adding is an append. Eight bytes per key. Not thread-safe: one owner.
 */
final class RunKeys {

  private long[] keys = new long[4];
  private int size;

  void add(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    if (at >= 0) {
      return;
    }
    int insert = -at - 1;
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    System.arraycopy(keys, insert, keys, insert + 1, size - insert);
    keys[insert] = key;
    size++;
  }

  void remove(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    if (at >= 0) {
      System.arraycopy(keys, at + 1, keys, at, size - at - 1);
      size--;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The keys below {@code bound}, in increasing order. */
  long[] below(long bound) {
    int at = Arrays.binarySearch(keys, 0, size, bound);
    return Arrays.copyOf(keys, at >= 0 ? at : -at - 1);
  }

  /** Every key, in increasing order. */
  long[] all() {
    return Arrays.copyOf(keys, size);
  }
}

package io.kmirror.replicator.mirror;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The source topics a flow may mirror right now, each with the partition count of its remote topic
 * on the target. Topic sync publishes; the mirroring workers read.
 *
 * <p>Invariant: a topic is listed only once its remote topic exists, and with a partition count no
 * larger than the target really has, so a worker never produces to a partition that is missing (a
 * source partition {@code p >= count} waits until a later publication raises the count). Readers
 * see an immutable snapshot; publishing replaces it atomically and wakes waiting workers.
 */
public final class ReadyTopics {

  /** One published state; {@code version} grows with every change. */
  public record Snapshot(long version, Map<String, Integer> partitions) {

    public Snapshot {
      partitions = Map.copyOf(partitions);
    }

    public Set<String> topics() {
      return partitions.keySet();
    }

    /** Partition count of the remote topic, 0 when the topic is not ready. */
    public int targetPartitions(String sourceTopic) {
      Integer count = partitions.get(sourceTopic);
      return count == null ? 0 : count;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile Snapshot current = new Snapshot(0, Map.of());

  public Snapshot current() {
    return current;
  }

  /** Replaces the ready set; a no-op when nothing changed. */
  public void publish(Map<String, Integer> partitions) {
    lock.lock();
    try {
      if (current.partitions().equals(partitions)) {
        return;
      }
      current = new Snapshot(current.version() + 1, partitions);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeoutMillis} for a version newer than {@code seen}. */
  public Snapshot awaitNewerThan(long seen, long timeoutMillis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (current.version() <= seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return current;
    } finally {
      lock.unlock();
    }
  }
}

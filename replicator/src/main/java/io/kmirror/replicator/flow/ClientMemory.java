package io.kmirror.replicator.flow;

import io.kmirror.topology.Flow;
import java.util.Collection;

/**
 * The heap kmirror's Kafka clients in one process may hold, shared out by the number of clients, so
 * adding flows, tasks or partitions never adds a fixed 64 MiB per producer to a 256 MiB heap.
 *
 * <p>With {@code heap} the JVM's maximum heap, {@code producers} the producers of the process (one
 * per mirroring task plus one per flow for the offset index and checkpoints) and {@code consumers}
 * the mirroring consumers (one per task):
 *
 * <ul>
 *   <li>{@code buffer.memory} = heap / 4 / producers, within 4 to 64 MiB: all producers' buffers
 *       together hold at most a quarter of the heap (above the 4 MiB floor);
 *   <li>{@code batch.size} = buffer.memory / 16, at most 512 KiB: a producer can fill at least 16
 *       partitions' batches before a send waits for memory;
 *   <li>{@code fetch.max.bytes} = heap / 8 / consumers, within 1 to 16 MiB: one fetch response per
 *       consumer at a time holds at most an eighth of the heap;
 *   <li>{@code max.partition.fetch.bytes} = fetch.max.bytes / 4, at most 1 MiB.
 * </ul>
 *
 * The launcher's {@code -Xmx256m} (about 228 MiB usable with ParallelGC) with one flow of one task
 * gives 28 MiB, 512 KiB, 16 MiB and 1 MiB. A key the user sets for the flow's producer or consumer
 * wins over these, as always. See docs/replication.md, "Memory bounds".
 *
 * @param heapBytes the maximum heap of the process
 * @param producers producers of the process, at least 1
 * @param consumers mirroring consumers of the process, at least 1
 */
public record ClientMemory(long heapBytes, int producers, int consumers) {

  static final long MIB = 1024 * 1024;
  static final long MIN_BUFFER = 4 * MIB;
  static final long MAX_BUFFER = 64 * MIB;
  static final long MAX_BATCH = 512 * 1024;
  static final long MIN_FETCH = MIB;
  static final long MAX_FETCH = 16 * MIB;
  static final long MAX_PARTITION_FETCH = MIB;

  public ClientMemory {
    if (heapBytes <= 0 || producers < 1 || consumers < 1) {
      throw new IllegalArgumentException(
          "client memory needs a positive heap and at least one producer and one consumer");
    }
  }

  /** The clients of {@code flows} running in this JVM. */
  public static ClientMemory of(Collection<Flow> flows) {
    return of(Runtime.getRuntime().maxMemory(), flows);
  }

  static ClientMemory of(long heapBytes, Collection<Flow> flows) {
    int tasks = flows.stream().mapToInt(Flow::tasksMax).sum();
    return new ClientMemory(heapBytes, Math.max(1, tasks + flows.size()), Math.max(1, tasks));
  }

  public long producerBufferBytes() {
    return clamp(heapBytes / 4 / producers, MIN_BUFFER, MAX_BUFFER);
  }

  public long batchBytes() {
    return Math.min(MAX_BATCH, producerBufferBytes() / 16);
  }

  public long fetchMaxBytes() {
    return clamp(heapBytes / 8 / consumers, MIN_FETCH, MAX_FETCH);
  }

  public long partitionFetchBytes() {
    return Math.min(MAX_PARTITION_FETCH, fetchMaxBytes() / 4);
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }
}

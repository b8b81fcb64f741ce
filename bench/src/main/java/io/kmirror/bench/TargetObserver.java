package io.kmirror.bench;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its beginning on its own thread (assigned partitions, no group) and records
 * what the benchmark measures: when the first record arrived, when the last backlog record arrived,
 * which ids were seen (duplicates, missing) and, for latency records (ids at or above the backlog
 * size), the time from send to arrival. Waits for the topic to exist first.
 */
final class TargetObserver implements AutoCloseable {

  private static final long NONE = Long.MIN_VALUE;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final long backlog;
  private final BitSet seen = new BitSet();
  private final AtomicLong backlogSeen = new AtomicLong();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final Thread thread;
  private final LatencyRecorder latency;
  private final Object monitor = new Object();
  private long latencySeen;
  private volatile long firstNanos = NONE;
  private volatile long drainedNanos = NONE;
  private volatile boolean running = true;

  TargetObserver(String bootstrap, String topic, long backlog, LatencyRecorder latency) {
    this.topic = topic;
    this.backlog = backlog;
    this.latency = latency;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-observer-" + topic,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                // A record counts when a consumer of the copy can see it: for kmirror-eos, once
                // its transaction committed. Without transactions on the target this changes
                // nothing (the last stable offset is the high watermark).
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    if (backlog == 0) {
      drained.complete(null);
    }
    this.thread = new Thread(this::run, "bench-observer-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> tps = assignWhenPresent();
      if (backlog > 0) {
        watchDrain(tps);
      } else {
        consumer.seekToBeginning(tps);
      }
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
          take(records, System.nanoTime());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (KafkaException | IllegalStateException e) {
      drained.completeExceptionally(e);
    }
  }

  private void pause(long millis) {
    synchronized (monitor) {
      try {
        monitor.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  private List<TopicPartition> assignWhenPresent() {
    while (running) {
      List<PartitionInfo> parts;
      try {
        parts = consumer.partitionsFor(topic, Duration.ofMillis(200));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        parts = List.of();
      }
      if (parts != null && !parts.isEmpty()) {
        List<TopicPartition> tps =
            parts.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(tps);
        return tps;
      }
      pause(20);
    }
    throw new WakeupException();
  }

  /**
   * The drain is timed from B's end offsets (polled every 20 ms), not by reading the records, so
   * the benchmark takes no CPU from the contender while it drains; the records are checked by
   * {@link #audit} afterwards. Latency records are then read live from where the backlog ended.
   */
  private void watchDrain(List<TopicPartition> tps) {
    while (running) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(5));
      long sum = ends.values().stream().mapToLong(Long::longValue).sum();
      long now = System.nanoTime();
      if (sum > 0 && firstNanos == NONE) {
        firstNanos = now;
      }
      backlogSeen.set(Math.min(sum, backlog));
      if (sum >= backlog) {
        drainedNanos = now;
        ends.forEach(consumer::seek);
        drained.complete(null);
        return;
      }
      pause(20);
    }
  }

  private void take(ConsumerRecords<byte[], byte[]> records, long now) {
    long fresh = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      long id = BenchRecords.id(r.key());
      if (id >= backlog && !seen.get((int) id)) {
        seen.set((int) id);
        fresh++;
        latency.arrived(id, now - BenchRecords.sendNanos(r.value()));
      }
    }
    synchronized (monitor) {
      latencySeen += fresh;
      monitor.notifyAll();
    }
  }

  /**
   * Waits until {@code expected} latency records have arrived, or nothing new arrived for {@code
   * quiet}, or {@code max} passed; returns whether all arrived.
   */
  boolean awaitLatency(long expected, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (monitor) {
      long quietSince = System.nanoTime();
      long lastSeen = latencySeen;
      while (latencySeen < expected) {
        long now = System.nanoTime();
        if (latencySeen != lastSeen) {
          lastSeen = latencySeen;
          quietSince = now;
        }
        long left = Math.min(deadline - now, quietSince + quiet.toNanos() - now);
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Every record on the topic, counted once the contender has stopped. */
  record Audit(long total, long distinct) {}

  /**
   * Stops the live reader, then reads the whole topic from the beginning to its end offsets and
   * counts records and distinct ids, for duplicates and missing records.
   */
  Audit audit(Duration max) {
    stopThread();
    try {
      consumer.poll(Duration.ZERO);
    } catch (WakeupException expected) {
      // the stop's wakeup was still pending
    }
    List<TopicPartition> tps = List.copyOf(consumer.assignment());
    if (tps.isEmpty()) {
      return new Audit(0, 0);
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(10));
    consumer.seekToBeginning(tps);
    BitSet ids = new BitSet();
    long total = 0;
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline && !caughtUp(ends)) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        total++;
        ids.set((int) BenchRecords.id(r.key()));
      }
    }
    return new Audit(total, ids.cardinality());
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Completes when every backlog record has arrived. */
  CompletableFuture<Void> drained() {
    return drained;
  }

  long firstNanos() {
    return firstNanos;
  }

  long drainedNanos() {
    return drainedNanos;
  }

  long backlogSeen() {
    return backlogSeen.get();
  }

  private void stopThread() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      stopThread();
    }
    consumer.close(Duration.ofSeconds(2));
  }
}

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
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong distinct = new AtomicLong();
  private final AtomicLong backlogSeen = new AtomicLong();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final Thread thread;
  private final LatencyRecorder latency;
  private final Object monitor = new Object();
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
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"),
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
      assignWhenPresent();
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

  private void assignWhenPresent() {
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
        consumer.seekToBeginning(tps);
        return;
      }
      pause(50);
    }
  }

  private void take(ConsumerRecords<byte[], byte[]> records, long now) {
    if (firstNanos == NONE) {
      firstNanos = now;
    }
    long n = 0;
    long fresh = 0;
    long freshBacklog = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      n++;
      long id = BenchRecords.id(r.key());
      if (!seen.get((int) id)) {
        seen.set((int) id);
        fresh++;
        if (id < backlog) {
          freshBacklog++;
        } else {
          latency.arrived(id, now - BenchRecords.sendNanos(r.value()));
        }
      }
    }
    total.addAndGet(n);
    distinct.addAndGet(fresh);
    if (freshBacklog > 0 && backlogSeen.addAndGet(freshBacklog) == backlog) {
      drainedNanos = now;
      drained.complete(null);
    }
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /**
   * Waits until {@code expected} distinct records have arrived, or nothing new arrived for {@code
   * quiet}, or {@code max} passed; returns whether all arrived.
   */
  boolean awaitDistinct(long expected, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (monitor) {
      long quietSince = System.nanoTime();
      long lastSeen = distinct.get();
      while (distinct.get() < expected) {
        long now = System.nanoTime();
        if (distinct.get() != lastSeen) {
          lastSeen = distinct.get();
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

  long total() {
    return total.get();
  }

  long distinct() {
    return distinct.get();
  }

  long backlogSeen() {
    return backlogSeen.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(2));
  }
}

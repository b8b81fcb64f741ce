package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces {@code total} records at a steady pace, so a test can act while traffic is flowing. Key
 * {@code %07d} of the sequence number, value the key with a suffix, partition {@code seq %
 * partitions}; {@link #done()} completes once every send has completed, and {@link #acknowledged()}
 * then tells which ones the source acknowledged.
 */
public final class PacedProducer implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final int partitions;
  private final int total;
  private final AtomicInteger produced = new AtomicInteger();
  private final Set<Integer> failed = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  public PacedProducer(
      KafkaCluster cluster, String topic, int partitions, int total, int perTick, long tickMillis) {
    this.producer = Records.producer(cluster);
    this.topic = topic;
    this.partitions = partitions;
    this.total = total;
    timer.scheduleAtFixedRate(() -> tick(perTick), 0, tickMillis, TimeUnit.MILLISECONDS);
  }

  public static String key(int seq) {
    return String.format(Locale.ROOT, "%07d", seq);
  }

  private void tick(int perTick) {
    try {
      int start = produced.get();
      int end = Math.min(total, start + perTick);
      for (int seq = start; seq < end; seq++) {
        String key = key(seq);
        int sent = seq;
        producer.send(
            new ProducerRecord<>(topic, seq % partitions, key, key + "-value"),
            (metadata, error) -> {
              if (error != null) {
                failed.add(sent);
              }
            });
      }
      producer.flush();
      produced.set(end);
      if (end == total) {
        done.complete(null);
        timer.shutdown();
      }
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      timer.shutdown();
    }
  }

  public int produced() {
    return produced.get();
  }

  public String topic() {
    return topic;
  }

  public int partitions() {
    return partitions;
  }

  /** After {@link #done()}: the sequence numbers the source acknowledged, ascending. */
  public List<Integer> acknowledged() {
    List<Integer> acked = new ArrayList<>(total);
    for (int seq = 0; seq < total; seq++) {
      if (!failed.contains(seq)) {
        acked.add(seq);
      }
    }
    return acked;
  }

  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close();
  }
}

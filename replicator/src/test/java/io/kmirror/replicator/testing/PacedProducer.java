package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces {@code total} records at a steady pace, so a test can act while traffic is flowing. Key
 * {@code %07d} of the sequence number, value the key with a suffix, partition {@code seq %
 * partitions}; {@link #done()} completes once every record is acknowledged.
 */
public final class PacedProducer implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final KafkaProducer<String, String> producer;
  private final AtomicInteger produced = new AtomicInteger();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  public PacedProducer(
      KafkaCluster cluster, String topic, int partitions, int total, int perTick, long tickMillis) {
    this.producer = Records.producer(cluster);
    timer.scheduleAtFixedRate(
        () -> tick(topic, partitions, total, perTick), 0, tickMillis, TimeUnit.MILLISECONDS);
  }

  public static String key(int seq) {
    return String.format(Locale.ROOT, "%07d", seq);
  }

  private void tick(String topic, int partitions, int total, int perTick) {
    try {
      int start = produced.get();
      int end = Math.min(total, start + perTick);
      for (int seq = start; seq < end; seq++) {
        String key = key(seq);
        producer.send(new ProducerRecord<>(topic, seq % partitions, key, key + "-value"));
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

  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close();
  }
}

package io.kmirror.replicator.offsets;

import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer that joins a group on a cluster and stays a member until closed (it never commits),
 * polling on its own thread so the group stays active.
 */
final class ActiveGroup implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private ActiveGroup(KafkaConsumer<String, String> consumer) {
    this.consumer = consumer;
    this.thread = new Thread(this::pollUntilClosed, "active-group");
    thread.setDaemon(true);
  }

  static ActiveGroup join(KafkaCluster cluster, String group, String topic) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInSameThread()
        .until(() -> !consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty());
    consumer.subscribe(List.of(topic));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInSameThread()
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200));
              return !consumer.assignment().isEmpty();
            });
    ActiveGroup active = new ActiveGroup(consumer);
    active.thread.start();
    return active;
  }

  private void pollUntilClosed() {
    try {
      while (running.get()) {
        consumer.poll(Duration.ofMillis(200));
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}

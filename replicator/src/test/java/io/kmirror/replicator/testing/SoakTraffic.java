package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous traffic on the {@link SoakTopic}s until {@link #stop()}: every tick, {@code perTick}
 * records to each plain topic and one transaction of {@code perTick} records (every fifth one
 * aborted) to the transactional one. It keeps going through source outages: a send the source does
 * not acknowledge within the producer's delivery timeout is counted as failed, and a transaction
 * whose outcome is unknown (the commit timed out, the coordinator refused it) is neither required
 * nor forbidden on the target; its producer is replaced.
 *
 * <p>What the target must hold afterwards: {@link #required} (acknowledged plain records and
 * committed transactions); what it must never hold: {@link #forbidden} (aborted transactions).
 */
public final class SoakTraffic implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SoakTraffic.class);
  private static final int ABORT_EVERY = 5;

  private final KafkaCluster source;
  private final long base;
  private final int perTick;
  private final Duration deliveryTimeout;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final KafkaProducer<String, String> plain;
  private final AtomicReference<KafkaProducer<String, String>> transactional =
      new AtomicReference<>();
  private final Map<SoakTopic, AtomicInteger> sent = new EnumMap<>(SoakTopic.class);
  private final Map<SoakTopic, Set<Integer>> acknowledged = new EnumMap<>(SoakTopic.class);
  private final Set<Integer> aborted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger failedSends = new AtomicInteger();
  private final AtomicInteger unknownTransactions = new AtomicInteger();
  private int transactions;
  private int producerGeneration;

  private SoakTraffic(KafkaCluster source, long base, int perTick, Duration deliveryTimeout) {
    this.source = source;
    this.base = base;
    this.perTick = perTick;
    this.deliveryTimeout = deliveryTimeout;
    for (SoakTopic t : SoakTopic.values()) {
      sent.put(t, new AtomicInteger());
      acknowledged.put(t, ConcurrentHashMap.newKeySet());
    }
    this.plain = new KafkaProducer<>(config(Map.of()));
  }

  /**
   * Starts producing at once, a tick every {@code tick}.
   *
   * @param base the first record's timestamp; record {@code seq} has {@code base + seq}
   * @param deliveryTimeout how long a send waits for the source before it counts as failed
   */
  public static SoakTraffic start(
      KafkaCluster source, long base, int perTick, Duration tick, Duration deliveryTimeout) {
    SoakTraffic traffic = new SoakTraffic(source, base, perTick, deliveryTimeout);
    traffic.timer.scheduleWithFixedDelay(traffic::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    return traffic;
  }

  private Map<String, Object> config(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(source.clientProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    int timeout = (int) deliveryTimeout.toMillis();
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.putAll(extra);
    return config;
  }

  private void tick() {
    try {
      sendPlain(SoakTopic.EVENTS);
      sendPlain(SoakTopic.COMPACTED);
      plain.flush();
      sendTransaction();
    } catch (RuntimeException e) {
      // A tick never stops the traffic: the failed sends are already counted as not acknowledged.
      LOG.warn("soak traffic tick failed: {}", e.toString());
    }
  }

  private void sendPlain(SoakTopic topic) {
    AtomicInteger next = sent.get(topic);
    Set<Integer> acked = acknowledged.get(topic);
    for (int i = 0; i < perTick; i++) {
      int seq = next.getAndIncrement();
      plain.send(
          topic.record(base, seq),
          (metadata, error) -> {
            if (error == null) {
              acked.add(seq);
            } else {
              failedSends.incrementAndGet();
            }
          });
    }
  }

  private void sendTransaction() {
    SoakTopic topic = SoakTopic.TRANSACTIONAL;
    int first = sent.get(topic).getAndAdd(perTick);
    boolean abort = ++transactions % ABORT_EVERY == 0;
    try {
      KafkaProducer<String, String> producer = transactionalProducer();
      producer.beginTransaction();
      for (int seq = first; seq < first + perTick; seq++) {
        producer.send(topic.record(base, seq));
      }
      if (abort) {
        // Flushed first, so the aborted records take offsets on the source as well as the marker.
        producer.flush();
        producer.abortTransaction();
        for (int seq = first; seq < first + perTick; seq++) {
          aborted.add(seq);
        }
      } else {
        producer.commitTransaction();
        for (int seq = first; seq < first + perTick; seq++) {
          acknowledged.get(topic).add(seq);
        }
      }
    } catch (RuntimeException e) {
      unknownTransactions.incrementAndGet();
      KafkaProducer<String, String> broken = transactional.getAndSet(null);
      if (broken != null) {
        broken.close(Duration.ZERO);
      }
    }
  }

  private KafkaProducer<String, String> transactionalProducer() {
    KafkaProducer<String, String> producer = transactional.get();
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              config(
                  Map.of(
                      ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                      "soak-traffic-" + (++producerGeneration))));
      try {
        producer.initTransactions();
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw e;
      }
      transactional.set(producer);
    }
    return producer;
  }

  /** Stops producing; returns once the last tick has finished. */
  public void stop() throws InterruptedException {
    timer.shutdown();
    if (!timer.awaitTermination(deliveryTimeout.toMillis() * 3, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("soak traffic did not stop");
    }
  }

  /** After {@link #stop()}: the records of {@code topic} the target must hold. */
  public Set<Integer> required(SoakTopic topic) {
    return Set.copyOf(acknowledged.get(topic));
  }

  /** After {@link #stop()}: the records of {@code topic} the target must never hold. */
  public Set<Integer> forbidden(SoakTopic topic) {
    return topic == SoakTopic.TRANSACTIONAL ? Set.copyOf(aborted) : Set.of();
  }

  /** Records acknowledged by the source so far, all topics. */
  public int acknowledgedSoFar() {
    return acknowledged.values().stream().mapToInt(Set::size).sum();
  }

  public int failedSends() {
    return failedSends.get();
  }

  public int unknownTransactions() {
    return unknownTransactions.get();
  }

  public long base() {
    return base;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    plain.close(Duration.ofSeconds(5));
    KafkaProducer<String, String> producer = transactional.getAndSet(null);
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}

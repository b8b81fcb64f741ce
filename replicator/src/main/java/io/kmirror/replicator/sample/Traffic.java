package io.kmirror.replicator.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sample traffic for {@code kmirror demo} and {@code kmirror drill --embedded}: every sample topic
 * gets {@code rate} records a second, keyed (so a key always lands in the same partition), with a
 * header naming the cluster the record was produced on ({@value #ORIGIN_HEADER}) and the wall-clock
 * time as its timestamp, which the demo's latency probes on the targets subtract from their own
 * clock. It lives apart from both commands so that neither depends on the other; its thread, client
 * and header names keep their {@code demo} prefix, so what either command shows is unchanged.
 *
 * <p>One producer per source cluster, all driven by one timer thread that sends, each tick, what
 * the elapsed time calls for, so a late tick catches up instead of lowering the rate. Records are
 * counted when the cluster acknowledges them: those counts are what the verdict expects on the
 * targets.
 */
public final class Traffic implements AutoCloseable {

  public static final String ORIGIN_HEADER = "kmirror-demo-origin";

  private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);
  private static final long TICK_MILLIS = 100;
  private static final int KEYS = 32;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kmirror-demo-traffic"));
  private final List<Lane> lanes = new ArrayList<>();
  private final Map<String, Producer<String, String>> producers = new LinkedHashMap<>();
  private final int rate;
  private ScheduledFuture<?> ticks;
  private long startNanos;

  /**
   * @param topics sample topics per cluster
   * @param bootstrap bootstrap servers per cluster
   * @param rate records per second per topic
   */
  public Traffic(Map<String, List<String>> topics, Map<String, String> bootstrap, int rate) {
    this.rate = rate;
    topics.forEach(
        (cluster, names) -> {
          Producer<String, String> producer = producer(cluster, bootstrap.get(cluster));
          producers.put(cluster, producer);
          names.forEach(t -> lanes.add(new Lane(new ClusterTopic(cluster, t), producer)));
        });
  }

  private static Producer<String, String> producer(String cluster, String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "kmirror-demo-traffic-" + cluster);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(config);
  }

  public void start() {
    startNanos = System.nanoTime();
    ticks = timer.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long elapsed = System.nanoTime() - startNanos;
    long due = elapsed / 1_000_000L * rate / 1000L;
    for (Lane lane : lanes) {
      try {
        // At most two seconds' worth per tick: a long stall resumes at the rate, not in a burst.
        long until = Math.min(due, lane.sent + 2L * rate);
        while (lane.sent < until) {
          lane.send(lane.sent++);
        }
      } catch (RuntimeException e) {
        LOG.warn("event=demo-send-failed topic={} reason=\"{}\"", lane.topic, e.toString());
      }
    }
  }

  /** Stops producing and waits until every record sent so far is acknowledged or failed. */
  public void stop() {
    if (ticks != null) {
      ticks.cancel(false);
    }
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producers.values().forEach(Producer::flush);
  }

  /** Records each sample topic's cluster acknowledged so far. */
  public Map<ClusterTopic, Long> acknowledged() {
    Map<ClusterTopic, Long> counts = new LinkedHashMap<>();
    lanes.forEach(l -> counts.put(l.topic, l.acknowledged.get()));
    return counts;
  }

  public long failed() {
    return lanes.stream().mapToLong(l -> l.failed.get()).sum();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
  }

  /** One sample topic's sequence, and its acknowledgement counts (one callback object for all). */
  private static final class Lane implements Callback {
    private final ClusterTopic topic;
    private final Producer<String, String> producer;
    private final byte[] origin;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long sent;

    Lane(ClusterTopic topic, Producer<String, String> producer) {
      this.topic = topic;
      this.producer = producer;
      this.origin = topic.cluster().getBytes(StandardCharsets.UTF_8);
    }

    void send(long seq) {
      String key = topic.topic() + "-" + (seq % KEYS);
      String value =
          String.format(
              Locale.ROOT,
              "{\"cluster\":\"%s\",\"topic\":\"%s\",\"seq\":%d}",
              topic.cluster(),
              topic.topic(),
              seq);
      RecordHeaders headers = new RecordHeaders();
      headers.add(ORIGIN_HEADER, origin);
      producer.send(
          new ProducerRecord<>(
              topic.topic(), null, System.currentTimeMillis(), key, value, headers),
          this);
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception == null) {
        acknowledged.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
    }
  }
}

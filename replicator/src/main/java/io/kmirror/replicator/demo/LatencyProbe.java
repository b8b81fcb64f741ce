package io.kmirror.replicator.demo;

import io.kmirror.replicator.sample.Traffic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's reader on one target cluster: reads every remote topic the routes into that cluster
 * write, from the beginning, and records each mirrored record's end-to-end latency (now minus the
 * record's timestamp, which the replicator keeps from the source) under its flow.
 *
 * <p>Owns its consumer on one executor thread: each step polls once and re-schedules itself, so
 * {@link #close()} ends it within one poll. Manual assignment (no group: nothing is committed
 * anywhere and no rebalance re-reads); topics are assigned as they appear, checked every {@value
 * #REFRESH_MILLIS} ms. A record is attributed to a flow by its topic, or, when several routes (or
 * the demo's own traffic, with identity naming) share a topic, by the origin header the traffic
 * generator sets; records produced on this very cluster are not latency samples.
 */
final class LatencyProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LatencyProbe.class);
  private static final long REFRESH_MILLIS = 2000;
  private static final Duration POLL = Duration.ofMillis(200);

  private final String cluster;
  private final Map<String, Object> config;
  private final Map<String, Inbound> inboundByTopic = new HashMap<>();
  private final ScheduledThreadPoolExecutor executor;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private long nextRefresh;

  /** One flow that writes into a topic: the origin it carries and where its samples go. */
  private record Source(byte[] origin, LatencyStats.Sink sink) {}

  /** What arrives in one remote topic; {@code byOrigin} when one topic has several writers. */
  private record Inbound(Source[] sources, boolean byOrigin) {}

  /**
   * @param inbound the routes whose target is this cluster
   * @param localTopics sample topics the demo itself produces on this cluster
   */
  LatencyProbe(
      String cluster,
      String bootstrap,
      List<DemoPlan.Route> inbound,
      List<String> localTopics,
      LatencyStats stats) {
    this.cluster = cluster;
    this.config = config(cluster, bootstrap);
    Map<String, List<Source>> sources = new HashMap<>();
    for (DemoPlan.Route route : inbound) {
      sources
          .computeIfAbsent(route.remoteTopic(), t -> new ArrayList<>())
          .add(
              new Source(
                  route.flow().source().getBytes(StandardCharsets.UTF_8),
                  stats.sink(route.flow())));
    }
    sources.forEach(
        (topic, list) ->
            inboundByTopic.put(
                topic,
                new Inbound(
                    list.toArray(new Source[0]), list.size() > 1 || localTopics.contains(topic))));
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "kmirror-demo-latency-" + cluster);
              thread.setDaemon(true);
              return thread;
            });
    // A step waiting for its delay must not hold up close().
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = executor;
  }

  private static Map<String, Object> config(String cluster, String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "kmirror-demo-latency-" + cluster);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Remote topics are the replicator's to create, with the source's partitions and configs.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  void start() {
    executor.execute(
        () -> {
          consumer = new KafkaConsumer<>(config);
          step();
        });
  }

  private void step() {
    if (!running) {
      return;
    }
    try {
      long now = System.currentTimeMillis();
      if (now >= nextRefresh) {
        assignNewTopics(consumer);
        nextRefresh = now + REFRESH_MILLIS;
      }
      if (assigned.isEmpty()) {
        executor.schedule(this::step, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      record(consumer.poll(POLL));
      executor.execute(this::step);
    } catch (WakeupException | InterruptException | RejectedExecutionException e) {
      if (running) {
        LOG.warn(
            "cluster={} event=demo-latency-probe-stopped reason=\"{}\"", cluster, e.toString());
      }
    } catch (RuntimeException e) {
      // A broker hiccup is not worth ending the demo for: try again at the next refresh.
      LOG.warn("cluster={} event=demo-latency-probe-error reason=\"{}\"", cluster, e.toString());
      scheduleQuietly(REFRESH_MILLIS);
    }
  }

  private void scheduleQuietly(long delayMillis) {
    try {
      executor.schedule(this::step, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("cluster={} event=demo-latency-probe-closed", cluster);
    }
  }

  private void assignNewTopics(KafkaConsumer<byte[], byte[]> c) {
    Map<String, List<PartitionInfo>> topics = c.listTopics(Duration.ofSeconds(5));
    List<TopicPartition> added = new ArrayList<>();
    for (String topic : inboundByTopic.keySet()) {
      for (PartitionInfo p : topics.getOrDefault(topic, List.of())) {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        if (assigned.add(tp)) {
          added.add(tp);
        }
      }
    }
    if (!added.isEmpty()) {
      // assign() keeps the position of partitions that stay assigned; only new ones start over.
      c.assign(assigned);
      c.seekToBeginning(added);
    }
  }

  private void record(ConsumerRecords<byte[], byte[]> records) {
    long now = System.currentTimeMillis();
    for (TopicPartition tp : records.partitions()) {
      Inbound inbound = inboundByTopic.get(tp.topic());
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        Source source =
            inbound.byOrigin() ? byOrigin(inbound.sources(), record) : inbound.sources()[0];
        if (source != null) {
          source.sink().record(now - record.timestamp());
        }
      }
    }
  }

  private static Source byOrigin(Source[] sources, ConsumerRecord<byte[], byte[]> record) {
    Header origin = record.headers().lastHeader(Traffic.ORIGIN_HEADER);
    if (origin == null) {
      return null;
    }
    for (Source source : sources) {
      if (Arrays.equals(source.origin(), origin.value())) {
        return source;
      }
    }
    return null;
  }

  /** Any thread: stops within one poll and closes the consumer on its own thread. */
  @Override
  public void close() {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      executor.execute(this::closeConsumer);
    } catch (RejectedExecutionException e) {
      LOG.debug("cluster={} event=demo-latency-probe-already-closed", cluster);
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeConsumer() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }
}

package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.CompactedTopicReader;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CopiedConfigs} kept in the flow's compacted topic {@code
 * kmirror-configs.<source>.internal} on the target: key the source topic's name, value its copied
 * config keys joined by {@code ,} (a config name never holds one), a tombstone for a topic
 * forgotten. The target is where the remote topics live, so the bookkeeping is lost only with them.
 *
 * <p>Every {@link #read()} follows the topic to its current end, so processes sharing a flow see
 * each other's writes; the last record per topic wins. A write is acknowledged with {@code
 * acks=all} by an idempotent producer before its future completes.
 *
 * <p>The reads run on a worker thread, one at a time (topic sync's passes never overlap); the
 * merged view is touched on the caller's context only. The caller closes it after topic sync has
 * stopped.
 */
public final class CopiedConfigTopic implements CopiedConfigs, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CopiedConfigTopic.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Context context;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final CompactedTopicReader reader;
  private final Map<String, Set<String>> stored = new HashMap<>();

  private CopiedConfigTopic(
      Vertx vertx,
      Context context,
      String topic,
      Consumer<byte[], byte[]> consumer,
      Producer<byte[], byte[]> producer) {
    this.vertx = vertx;
    this.context = context;
    this.topic = topic;
    this.consumer = consumer;
    this.producer = producer;
    this.reader = new CompactedTopicReader(topic, consumer, CompactedTopicReader.Lookup.BY_NAME);
  }

  /** Creates the topic on the target if absent, then the clients; completes on {@code context}. */
  public static Future<CopiedConfigTopic> open(
      Vertx vertx, Context context, FlowEndpoints endpoints, Admin target) {
    String topic = endpoints.context().configsTopic();
    return TopicCreation.createIfAbsent(
            target,
            List.of(endpoints.context().compactedOnTarget(topic)),
            context,
            "copied-config topic " + topic,
            endpoints.flow().target())
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      String clientId = endpoints.groupId() + "-configs";
                      Map<String, Object> consumerConfig = endpoints.targetProgressConsumer(0);
                      consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
                      Map<String, Object> producerConfig = endpoints.targetProducer(0);
                      producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
                      // A few short records per config change: the smallest buffer the client
                      // takes, so this producer does not count against the heap's share.
                      producerConfig.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "1048576");
                      producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
                      return new CopiedConfigTopic(
                          vertx,
                          context,
                          topic,
                          new KafkaConsumer<>(consumerConfig),
                          new KafkaProducer<>(producerConfig));
                    },
                    false));
  }

  @Override
  public Future<Map<String, Set<String>>> read() {
    return vertx
        .executeBlocking(
            () -> {
              Map<String, Optional<Set<String>>> read = new HashMap<>();
              reader.readToEnd(
                  READ_TIMEOUT,
                  r -> read.put(new String(r.key(), StandardCharsets.UTF_8), decode(r.value())));
              return read;
            },
            false)
        .map(
            read -> {
              read.forEach(
                  (name, keys) -> {
                    if (keys.isPresent()) {
                      stored.put(name, keys.get());
                    } else {
                      stored.remove(name);
                    }
                  });
              return Map.copyOf(stored);
            });
  }

  @Override
  public Future<Void> write(Map<String, Set<String>> entries) {
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    entries.forEach(
        (name, keys) -> {
          CompletableFuture<Void> sent = new CompletableFuture<>();
          sends.add(sent);
          try {
            producer.send(
                new ProducerRecord<>(topic, name.getBytes(StandardCharsets.UTF_8), encode(keys)),
                (metadata, error) -> {
                  if (error == null) {
                    sent.complete(null);
                  } else {
                    sent.completeExceptionally(error);
                  }
                });
          } catch (RuntimeException e) {
            sent.completeExceptionally(e);
          }
        });
    return Future.fromCompletionStage(
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), context);
  }

  /** The stored value of {@code keys}: sorted, comma-joined; null (a tombstone) when empty. */
  static byte[] encode(Set<String> keys) {
    return keys.isEmpty()
        ? null
        : String.join(",", new TreeSet<>(keys)).getBytes(StandardCharsets.UTF_8);
  }

  /** Empty for a tombstone. */
  static Optional<Set<String>> decode(byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    String joined = new String(value, StandardCharsets.UTF_8);
    return Optional.of(joined.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(joined.split(","))));
  }

  /**
   * Never throws: a read still running past topic sync's stop bound is woken first, and a client
   * that cannot close is logged, so the flow's other clients are closed all the same.
   */
  @Override
  public void close() {
    try {
      producer.close(CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.debug("topic={} event=close-step-failed reason=\"{}\"", topic, e.toString());
    }
    try {
      consumer.wakeup();
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      LOG.debug("topic={} event=close-step-failed reason=\"{}\"", topic, e.toString());
    }
  }
}

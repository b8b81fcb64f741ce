package io.kmirror.replicator.testing;

import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source transactions for the offset tests, on a topic this class creates: each transaction sends
 * the same number of records to every partition, then is committed or, after a flush (so that its
 * records take offsets as well as its marker), aborted. Record {@code i} of transaction {@code t}
 * on partition {@code p} has key {@code k} and value {@code tx-t-p-i}.
 *
 * <p>Kafka 4's transaction coordinator (transactions V2) can refuse a commit as INVALID_TXN_STATE
 * seconds after a cluster started (its log: "state is COMPLETE_COMMIT, but received transaction
 * marker result to send: COMMIT"), which fails the producer for good. The test's data is then
 * written again on the topic created afresh, so every offset is still the pattern's.
 */
public final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
  private static final int ATTEMPTS = 3;
  private static final Duration CLOSE = Duration.ofSeconds(10);

  /** What to write: how many transactions, records per partition in each, which are aborted. */
  public record Pattern(int transactions, int perPartition, IntPredicate aborted) {}

  private Transactions() {}

  /** Creates {@code topic} with {@code partitions} and writes {@code pattern} to it. */
  public static void write(
      KafkaCluster cluster, Admin admin, String topic, int partitions, Pattern pattern)
      throws Exception {
    Records.createTopic(admin, topic, partitions, Map.of());
    for (int attempt = 1; ; attempt++) {
      try {
        writeOnce(cluster, topic + "-tx-" + attempt, topic, partitions, pattern);
        return;
      } catch (KafkaException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "topic={} event=test-transactions-written-again attempt={} reason=\"{}\"",
            topic,
            attempt,
            e.toString());
        createAfresh(admin, topic, partitions);
      }
    }
  }

  private static void writeOnce(
      KafkaCluster cluster, String transactionalId, String topic, int partitions, Pattern pattern) {
    Map<String, Object> config = new HashMap<>(cluster.clientProperties());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    KafkaProducer<String, String> tx = new KafkaProducer<>(config);
    try {
      tx.initTransactions();
      for (int t = 0; t < pattern.transactions(); t++) {
        tx.beginTransaction();
        for (int p = 0; p < partitions; p++) {
          for (int i = 0; i < pattern.perPartition(); i++) {
            tx.send(new ProducerRecord<>(topic, p, "k", "tx-" + t + "-" + p + "-" + i));
          }
        }
        if (pattern.aborted().test(t)) {
          tx.flush();
          tx.abortTransaction();
        } else {
          tx.commitTransaction();
        }
      }
    } finally {
      tx.close(CLOSE);
    }
  }

  private static void createAfresh(Admin admin, String topic, int partitions) throws Exception {
    admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !admin.listTopics().names().get(5, TimeUnit.SECONDS).contains(topic));
    Records.createTopic(admin, topic, partitions, Map.of());
  }
}

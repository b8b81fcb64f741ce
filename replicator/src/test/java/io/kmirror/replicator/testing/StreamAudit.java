package io.kmirror.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The at-least-once check of a {@link PacedProducer}'s stream after a fault: every record the
 * source acknowledged is on the target, in its source partition, each partition's records first
 * appearing in source order (a re-sent stretch repeats earlier records, it never jumps back before
 * them). Duplicates are allowed, counted and logged with the scenario's name.
 */
public final class StreamAudit {

  private static final Logger LOG = LoggerFactory.getLogger(StreamAudit.class);

  private StreamAudit() {}

  /**
   * After {@code producer.done()}: waits up to {@code wait} for every acknowledged record on {@code
   * remoteTopic} of {@code target}, then logs and asserts zero missing.
   *
   * @return duplicates found on the target
   */
  public static long assertNothingMissing(
      String scenario,
      PacedProducer producer,
      KafkaCluster target,
      String remoteTopic,
      Duration wait) {
    List<Integer> acknowledged = producer.acknowledged();
    Map<String, Integer> copies = new HashMap<>();
    await()
        .atMost(wait)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              read(target, remoteTopic, producer.partitions(), copies);
              return acknowledged.stream()
                  .allMatch(seq -> copies.containsKey(PacedProducer.key(seq)));
            });
    long missing =
        acknowledged.stream().filter(seq -> !copies.containsKey(PacedProducer.key(seq))).count();
    long duplicates = copies.values().stream().mapToLong(c -> c - 1L).sum();
    LOG.info(
        "{}: {} records acknowledged by the source, {} missing, {} duplicates on the target,"
            + " {} distinct records there",
        scenario,
        acknowledged.size(),
        missing,
        duplicates,
        copies.size());
    assertThat(missing).isZero();
    return duplicates;
  }

  /** Re-reads the whole topic into {@code copies} (key to count), checking partition and order. */
  private static void read(
      KafkaCluster target, String topic, int partitions, Map<String, Integer> copies) {
    copies.clear();
    int[] highestFirstSeen = new int[partitions];
    Arrays.fill(highestFirstSeen, -1);
    for (ConsumerRecord<String, String> r : Records.readAll(target, topic)) {
      int seq = Integer.parseInt(r.key());
      assertThat(r.value()).isEqualTo(r.key() + "-value");
      assertThat(seq % partitions).isEqualTo(r.partition());
      if (copies.merge(r.key(), 1, Integer::sum) == 1) {
        assertThat(seq).isGreaterThan(highestFirstSeen[r.partition()]);
        highestFirstSeen[r.partition()] = seq;
      }
    }
  }
}

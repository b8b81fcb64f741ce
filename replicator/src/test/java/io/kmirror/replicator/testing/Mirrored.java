package io.kmirror.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.core.ThrowingRunnable;

/**
 * What "mirrored exactly" means, as assertions over records read back from both ends. A record is
 * compared through a one-line rendering of partition, (offset,) key, value, timestamp and its type,
 * and every header in order, so a failure shows the records that differ.
 */
public final class Mirrored {

  private Mirrored() {}

  /**
   * One source's share of a topic that several sources write into (identity naming).
   *
   * @param records the source's records as read on the source, grouped by partition
   * @param addedHeaders headers kmirror adds on the way, as {@code name=value} (provenance)
   */
  public record Share(List<ConsumerRecord<String, String>> records, List<String> addedHeaders) {

    public Share {
      records = List.copyOf(records);
      addedHeaders = List.copyOf(addedHeaders);
    }
  }

  /**
   * The target topic holds the source topic's records one for one, in the same partitions, at the
   * same offsets, in the same order, with the same key, value, headers and timestamp (a create time
   * on the target). Both lists grouped by partition, in offset order, as {@link Records} reads.
   */
  public static void assertSameRecords(
      List<ConsumerRecord<String, String>> source, List<ConsumerRecord<String, String>> target) {
    assertThat(render(target, true, List.of()))
        .containsExactlyElementsOf(render(source, true, List.of()));
  }

  /**
   * As {@link #assertSameRecords}, but offsets may differ: exactly-once copies leave room for the
   * transactions' commit markers on the target.
   */
  public static void assertSameRecordsAtAnyOffsets(
      List<ConsumerRecord<String, String>> source, List<ConsumerRecord<String, String>> target) {
    assertThat(render(target, false, List.of()))
        .containsExactlyElementsOf(render(source, false, List.of()));
  }

  /**
   * The target topic holds exactly the records of every share and nothing else: per partition, each
   * share's records appear in that share's order, with the headers it adds; {@code origin} names
   * the share a target record belongs to.
   */
  public static void assertMerged(
      List<ConsumerRecord<String, String>> target,
      Map<String, Share> shares,
      Function<ConsumerRecord<String, String>, String> origin) {
    assertThat(target.stream().map(origin).distinct()).isSubsetOf(shares.keySet());
    TreeSet<Integer> partitions = new TreeSet<>();
    target.forEach(r -> partitions.add(r.partition()));
    shares.values().forEach(s -> s.records().forEach(r -> partitions.add(r.partition())));
    for (int p : partitions) {
      for (Map.Entry<String, Share> share : shares.entrySet()) {
        List<ConsumerRecord<String, String>> arrived = new ArrayList<>();
        for (ConsumerRecord<String, String> r : target) {
          if (r.partition() == p && origin.apply(r).equals(share.getKey())) {
            arrived.add(r);
          }
        }
        List<ConsumerRecord<String, String>> sent =
            share.getValue().records().stream().filter(r -> r.partition() == p).toList();
        assertThat(render(arrived, false, List.of()))
            .as("partition %d, records from %s", p, share.getKey())
            .containsExactlyElementsOf(render(sent, false, share.getValue().addedHeaders()));
      }
    }
    assertThat(target).hasSize(shares.values().stream().mapToInt(s -> s.records().size()).sum());
  }

  /**
   * Waits (up to {@code wait}) until {@code assertion} holds, and then requires it to keep holding
   * for a whole {@code window}: proof that nothing more arrives once the expected records have.
   */
  public static void assertSettled(Duration window, Duration wait, ThrowingRunnable assertion) {
    await()
        .during(window)
        .atMost(window.plus(wait))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(assertion);
  }

  private static List<String> render(
      List<ConsumerRecord<String, String>> records, boolean offsets, List<String> addedHeaders) {
    return records.stream().map(r -> render(r, offsets, addedHeaders)).toList();
  }

  private static String render(
      ConsumerRecord<String, String> r, boolean offsets, List<String> addedHeaders) {
    List<String> headers = new ArrayList<>();
    for (Header h : r.headers()) {
      headers.add(
          h.key()
              + "="
              + (h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8)));
    }
    headers.addAll(addedHeaders);
    return "partition="
        + r.partition()
        + (offsets ? " offset=" + r.offset() : "")
        + " key="
        + r.key()
        + " value="
        + r.value()
        + " "
        + r.timestampType()
        + "="
        + r.timestamp()
        + " headers="
        + headers;
  }
}

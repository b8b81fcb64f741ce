package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What one soak topic's copy on the target holds, against what the traffic says it must: every
 * required record present, with partition, key, value, timestamp and headers exactly as sent; none
 * of the forbidden ones; per partition, records first appearing in source order (a re-sent stretch
 * repeats earlier records, it never reorders them). Duplicates are counted, not failed: that is
 * at-least-once.
 *
 * @param topic the soak topic
 * @param copies per sequence number, how many times the target holds it
 * @param altered records whose content differs from what was sent, as "expected / found" lines
 * @param reordered records that first appeared after a later record of their partition
 * @param forbiddenSeen forbidden (aborted) records found on the target
 */
public record SoakAudit(
    SoakTopic topic,
    Map<Integer, Integer> copies,
    List<String> altered,
    List<String> reordered,
    List<Integer> forbiddenSeen,
    long missing) {

  /** Reads {@code topic} on {@code source} and {@code remoteTopic} on {@code target} and checks. */
  public static SoakAudit of(
      SoakTopic topic,
      KafkaCluster source,
      KafkaCluster target,
      String remoteTopic,
      long base,
      Set<Integer> required,
      Set<Integer> forbidden) {
    return of(topic, source, target, remoteTopic, base, required, forbidden, false);
  }

  /**
   * As above; {@code committed}: the target is read with {@code read_committed}, as a consumer of
   * an exactly-once copy reads it.
   */
  public static SoakAudit of(
      SoakTopic topic,
      KafkaCluster source,
      KafkaCluster target,
      String remoteTopic,
      long base,
      Set<Integer> required,
      Set<Integer> forbidden,
      boolean committed) {
    Map<Integer, Integer> copies = new HashMap<>();
    List<String> altered = new ArrayList<>();
    List<String> reordered = new ArrayList<>();
    List<Integer> forbiddenSeen = new ArrayList<>();
    Map<Integer, Long> sourceOffset = new HashMap<>();
    for (ConsumerRecord<String, String> r : Records.readAll(source, topic.topic())) {
      sourceOffset.put(seqOf(r), r.offset());
    }
    long[] highestFirstSeen = new long[topic.partitions()];
    Arrays.fill(highestFirstSeen, -1);
    for (ConsumerRecord<String, String> r : Records.readAll(target, remoteTopic, committed)) {
      int seq = seqOf(r);
      String found =
          SoakTopic.render(r.partition(), r.key(), r.value(), r.timestamp(), r.headers());
      String expected = topic.expected(base, seq);
      if (!found.equals(expected)) {
        altered.add(expected + " / " + found);
      }
      if (forbidden.contains(seq)) {
        forbiddenSeen.add(seq);
      }
      if (copies.merge(seq, 1, Integer::sum) == 1) {
        long at = sourceOffset.getOrDefault(seq, -1L);
        if (at < 0) {
          altered.add("seq " + seq + " is on the target but not on the source");
        } else if (at < highestFirstSeen[r.partition()]) {
          reordered.add(
              "p"
                  + r.partition()
                  + " source offset "
                  + at
                  + " after "
                  + highestFirstSeen[r.partition()]);
        }
        highestFirstSeen[r.partition()] = Math.max(highestFirstSeen[r.partition()], at);
      }
    }
    long missing = required.stream().filter(seq -> !copies.containsKey(seq)).count();
    return new SoakAudit(topic, copies, altered, reordered, forbiddenSeen, missing);
  }

  private static int seqOf(ConsumerRecord<String, String> r) {
    Header seq = r.headers().lastHeader(SoakTopic.SEQ_HEADER);
    if (seq == null) {
      throw new AssertionError("a record without a seq header on the target: " + r);
    }
    return Integer.parseInt(new String(seq.value(), StandardCharsets.UTF_8));
  }

  /** Copies beyond the first, over every record. */
  public long duplicates() {
    return copies.values().stream().mapToLong(c -> c - 1L).sum();
  }

  /** Whether nothing is missing, altered, reordered or un-aborted. */
  public boolean clean() {
    return missing == 0 && altered.isEmpty() && reordered.isEmpty() && forbiddenSeen.isEmpty();
  }

  /** One line: topic, distinct records, missing, duplicates, and the first problems if any. */
  public String summary() {
    return String.format(
        "%s: %d distinct, %d missing, %d duplicates, %d altered%s, %d reordered%s, %d aborted seen",
        topic.topic(),
        copies.size(),
        missing,
        duplicates(),
        altered.size(),
        altered.isEmpty() ? "" : " (first: " + altered.get(0) + ")",
        reordered.size(),
        reordered.isEmpty() ? "" : " (first: " + reordered.get(0) + ")",
        forbiddenSeen.size());
  }
}

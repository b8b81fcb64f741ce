package io.kmirror.replicator.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The soak's three source topics, and every record's content as a pure function of the topic and
 * the record's sequence number, so the audit needs no copy of what was sent: the {@code seq} header
 * names the record and {@link #expected} says what it must look like on the target.
 *
 * <ul>
 *   <li>{@link #EVENTS}: null keys and null values, several headers (a null-valued one, a repeated
 *       key), four partitions;
 *   <li>{@link #COMPACTED}: {@code cleanup.policy=compact}, a key per record (so compaction removes
 *       nothing the audit expects), some tombstones;
 *   <li>{@link #TRANSACTIONAL}: written in source transactions, some aborted (those must never
 *       reach the target).
 * </ul>
 */
public enum SoakTopic {
  EVENTS("soak.events", 4, Map.of()),
  COMPACTED("soak.compacted", 2, Map.of("cleanup.policy", "compact")),
  TRANSACTIONAL("soak.transactional", 2, Map.of());

  /** The header carrying the record's sequence number. */
  public static final String SEQ_HEADER = "seq";

  private final String topic;
  private final int partitions;
  private final Map<String, String> configs;

  SoakTopic(String topic, int partitions, Map<String, String> configs) {
    this.topic = topic;
    this.partitions = partitions;
    this.configs = configs;
  }

  public String topic() {
    return topic;
  }

  public int partitions() {
    return partitions;
  }

  public Map<String, String> configs() {
    return configs;
  }

  /** The record with sequence number {@code seq}, timestamps counted from {@code base}. */
  public ProducerRecord<String, String> record(long base, int seq) {
    return new ProducerRecord<>(
        topic, seq % partitions, base + seq, key(seq), value(seq), headers(seq));
  }

  /** One line naming every field the target must keep: partition, key, value, time, headers. */
  public String expected(long base, int seq) {
    return render(seq % partitions, key(seq), value(seq), base + seq, headers(seq));
  }

  /** The same line for a record read back (kmirror's own provenance header left out). */
  public static String render(
      int partition, String key, String value, long timestamp, Iterable<Header> headers) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "p%d %s=%s @%d", partition, key, value, timestamp));
    for (Header h : headers) {
      if (!h.key().equals("kmirror.provenance")) {
        line.append(" [")
            .append(h.key())
            .append('=')
            .append(h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8))
            .append(']');
      }
    }
    return line.toString();
  }

  private String key(int seq) {
    return this == EVENTS && seq % 7 == 3 ? null : "k" + seq;
  }

  private String value(int seq) {
    boolean nullValue = (this == EVENTS && seq % 11 == 5) || (this == COMPACTED && seq % 13 == 4);
    return nullValue ? null : "v" + seq + "-" + topic;
  }

  private List<Header> headers(int seq) {
    List<Header> headers = new ArrayList<>();
    headers.add(new RecordHeader(SEQ_HEADER, bytes(Integer.toString(seq))));
    if (this == EVENTS) {
      headers.add(new RecordHeader("note", seq % 3 == 0 ? null : bytes("n" + seq)));
      if (seq % 5 == 0) {
        headers.add(new RecordHeader("note", bytes("again")));
      }
    }
    return headers;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

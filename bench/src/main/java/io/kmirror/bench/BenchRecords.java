package io.kmirror.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The benchmark's records: a 16-byte key whose first 8 bytes are the record's id, a value whose
 * first 8 bytes are the send time ({@link System#nanoTime()} of the benchmark JVM, 0 for backlog
 * records) followed by incompressible filler, and two small headers. Ids {@code 0..backlog-1} are
 * the backlog; the latency phase continues the numbering.
 */
final class BenchRecords {

  static final int KEY_BYTES = 16;

  private final String topic;
  private final int partitions;
  private final int valueBytes;
  private final byte[] filler;

  BenchRecords(String topic, int partitions, int valueBytes) {
    this.topic = topic;
    this.partitions = partitions;
    this.valueBytes = valueBytes;
    this.filler = new byte[valueBytes];
    new SplittableRandom(42).nextBytes(filler);
  }

  String topic() {
    return topic;
  }

  int partitions() {
    return partitions;
  }

  /** Payload bytes per record (key plus value), for MB/s. */
  int payloadBytes() {
    return KEY_BYTES + valueBytes;
  }

  ProducerRecord<byte[], byte[]> record(long id, long sendNanos) {
    byte[] key = new byte[KEY_BYTES];
    ByteBuffer.wrap(key).putLong(id).putLong(~id);
    byte[] value = filler.clone();
    ByteBuffer.wrap(value).putLong(sendNanos).putLong(id);
    RecordHeaders headers = new RecordHeaders();
    headers.add("bench", "kmirror".getBytes(StandardCharsets.UTF_8));
    headers.add("seq", key.clone());
    return new ProducerRecord<>(topic, (int) (id % partitions), null, key, value, headers);
  }

  static long id(byte[] key) {
    return ByteBuffer.wrap(key).getLong(0);
  }

  static long sendNanos(byte[] value) {
    return ByteBuffer.wrap(value).getLong(0);
  }
}

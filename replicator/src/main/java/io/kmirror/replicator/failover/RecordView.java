package io.kmirror.replicator.failover;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record's content as a drill compares it across clusters: key, value, headers (in order) and
 * timestamp. Offsets differ between the clusters by design, so they are kept but never compared.
 */
record RecordView(
    long offset,
    long timestamp,
    byte[] key,
    byte[] value,
    List<Map.Entry<String, byte[]>> headers) {

  static RecordView of(ConsumerRecord<byte[], byte[]> record) {
    List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      headers.add(new SimpleImmutableEntry<>(header.key(), header.value()));
    }
    return new RecordView(
        record.offset(), record.timestamp(), record.key(), record.value(), headers);
  }

  /**
   * Same key, value, timestamp and headers. Headers the mirror adds (loop prevention's provenance)
   * are not on the source, so the target's may have extra trailing ones; the source's must all be
   * there, in order.
   */
  boolean sameContent(RecordView target) {
    if (timestamp != target.timestamp
        || !Arrays.equals(key, target.key)
        || !Arrays.equals(value, target.value)
        || target.headers.size() < headers.size()) {
      return false;
    }
    for (int i = 0; i < headers.size(); i++) {
      Map.Entry<String, byte[]> mine = headers.get(i);
      Map.Entry<String, byte[]> theirs = target.headers.get(i);
      if (!mine.getKey().equals(theirs.getKey())
          || !Arrays.equals(mine.getValue(), theirs.getValue())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordView other && offset == other.offset && sameContent(other);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + Arrays.hashCode(value);
  }
}

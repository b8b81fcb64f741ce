package org.apache.kafka.connect.mirror;

/**
 * Reaches connect-mirror-client's own serialization of checkpoints and heartbeats, which the
 * library keeps package-private ({@code recordKey()}, {@code recordValue()}), so kmirror writes
 * byte for byte what MM2 writes and never re-implements the format. Lives in the library's package
 * for that reason only; it adds no behaviour.
 */
public final class KmirrorRecords {

  private KmirrorRecords() {}

  public static byte[] key(Checkpoint checkpoint) {
    return checkpoint.recordKey();
  }

  public static byte[] value(Checkpoint checkpoint) {
    return checkpoint.recordValue();
  }

  public static byte[] key(Heartbeat heartbeat) {
    return heartbeat.recordKey();
  }

  public static byte[] value(Heartbeat heartbeat) {
    return heartbeat.recordValue();
  }
}

package io.kmirror.replicator.mirror;

/**
 * What one source partition's progress covers, read consistently at one instant: every source
 * record below {@code next} is on the target or was deliberately not mirrored (transaction markers,
 * aborted records, loop prevention), and the last one that is on the target is {@code lastSource}
 * at target offset {@code lastTarget}. {@code lastSource} and {@code lastTarget} are -1 when the
 * current stretch of sending has had no acknowledgement yet. {@code topicId} is the ID of the
 * source topic the stretch reads ({@code ""} when unknown): offsets mean something only within one
 * topic, and a topic re-created under the same name is another one.
 */
public record HighWater(long next, long lastSource, long lastTarget, String topicId) {

  public boolean hasLast() {
    return lastSource >= 0;
  }
}

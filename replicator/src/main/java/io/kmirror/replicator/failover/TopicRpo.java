package io.kmirror.replicator.failover;

/**
 * What one topic had on the source at the cut that the target did not (the recovery point).
 *
 * @param topic the source topic
 * @param remoteTopic its name on the target
 * @param records source records the target lacked
 * @param seconds how old the oldest of them was at the cut (0 when none)
 * @param exactAge whether {@code seconds} is the oldest record's own age (read on the source), or
 *     an upper bound (the cut minus the newest record the target has, when the source was gone)
 */
public record TopicRpo(
    String topic, String remoteTopic, long records, double seconds, boolean exactAge) {}

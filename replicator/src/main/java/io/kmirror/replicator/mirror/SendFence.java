package io.kmirror.replicator.mirror;

/**
 * Told of every failed send of an epoch ({@link PartitionProgress}), on the thread that completed
 * it, before the failure is recorded. It may close the producer so that nothing sent after the
 * failed record can land before it is sent again, and it tells the records its own closing aborted
 * ({@link SendAbortedException}) from real failures.
 */
interface SendFence {

  /** A fence that never closes anything: every failure is recorded as it is. */
  SendFence NONE = error -> error;

  /**
   * Any thread, never under an epoch's lock: returns the failure to record, either {@code error}
   * itself or, when the record was aborted by the fence's own closing, a {@link
   * SendAbortedException} around it.
   */
  Exception failed(Exception error);

  /**
   * Whether a producer that a fatal error left unusable is replaced by a new one (then the worker
   * goes on), rather than the worker ending so that the flow rebuilds it.
   */
  default boolean rebuildsItsProducer() {
    return false;
  }
}

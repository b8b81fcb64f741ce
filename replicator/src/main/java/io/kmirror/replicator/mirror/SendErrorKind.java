package io.kmirror.replicator.mirror;

import java.util.Set;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What a failed send means for the partition, as {@code MirrorSourceTask.poll} classifies its
 * errors. Anything not listed is retried: kmirror never drops a record because an error was new to
 * it, and a retry can only cause a duplicate.
 */
enum SendErrorKind {

  /**
   * The target may take the record later (leader moved, timeout, unknown error): back off, retry.
   */
  RETRIABLE,

  /**
   * The target refuses this record and will until someone changes the target (too large, invalid,
   * timestamp out of the topic's range, not authorized for the topic): stop the partition at it,
   * say so once, try again now and then.
   */
  REFUSED,

  /**
   * The producer itself is unusable (fenced, out of sequence, closed, not authenticated or not
   * authorized to write idempotently): rebuild the worker's clients and resume from stored
   * progress.
   */
  FATAL,

  /**
   * The remote partition went back to an earlier offset (deleted and created again under kmirror):
   * records whose progress was stored are gone from the target; mirror the partition again from the
   * first offset the source still holds.
   */
  TARGET_RESET,

  /**
   * The worker closed its own producer to keep a failed partition's later records from landing
   * before the failed one ({@link WorkerProducer}), and this record was among those aborted: not
   * the target's doing; rewind at once, count nothing.
   */
  ABORTED;

  private static final Set<Class<? extends Throwable>> REFUSALS =
      Set.of(
          RecordTooLargeException.class,
          RecordBatchTooLargeException.class,
          InvalidRecordException.class,
          InvalidTimestampException.class,
          InvalidTopicException.class,
          TopicAuthorizationException.class);

  /**
   * Fatal errors that leave only this producer unusable (its sequence numbers or its producer id
   * lost, or the producer closed): a new producer cures them. The others among {@link #FATALS}
   * (credentials, authorization, an old broker, a fenced transactional id) would fail a new
   * producer the same way, so they end the worker and the flow restarts (and says so in its state).
   */
  private static final Set<Class<? extends Throwable>> PRODUCER_STATE_LOST =
      Set.of(
          OutOfOrderSequenceException.class,
          InvalidProducerEpochException.class,
          UnknownProducerIdException.class,
          IllegalStateException.class);

  private static final Set<Class<? extends Throwable>> FATALS =
      Set.of(
          ProducerFencedException.class,
          OutOfOrderSequenceException.class,
          InvalidProducerEpochException.class,
          UnknownProducerIdException.class,
          IllegalStateException.class,
          AuthenticationException.class,
          ClusterAuthorizationException.class,
          TransactionalIdAuthorizationException.class,
          UnsupportedVersionException.class);

  /** The kind of {@code error}, or of the first cause along its chain that has one. */
  static SendErrorKind of(Throwable error) {
    Throwable t = error;
    if (error instanceof SendAbortedException) {
      return ABORTED;
    }
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (t instanceof TargetLogResetException) {
        return TARGET_RESET;
      }
      if (matches(FATALS, t)) {
        return FATAL;
      }
      if (matches(REFUSALS, t)) {
        return REFUSED;
      }
    }
    return RETRIABLE;
  }

  /** Whether {@code error} is fatal only to the producer that raised it ({@link #FATAL}). */
  static boolean curedByNewProducer(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (matches(PRODUCER_STATE_LOST, t)) {
        return true;
      }
      if (matches(FATALS, t)) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether a failure of this kind says what is wrong with the partition even when a lower offset
   * failed with a generic error (a refused record's batch-mates fail generically).
   */
  boolean decisive() {
    return this == REFUSED || this == FATAL || this == TARGET_RESET;
  }

  private static boolean matches(Set<Class<? extends Throwable>> kinds, Throwable t) {
    for (Class<? extends Throwable> kind : kinds) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}

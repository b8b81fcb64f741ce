package io.kmirror.replicator.mirror;

import org.apache.kafka.common.errors.RetriableException;

/**
 * A record the worker's own producer rebuild aborted ({@link WorkerProducer}): the target did not
 * refuse it, so it is neither counted nor reported; its partition is rewound to its last
 * acknowledged record and sent again on the new producer.
 */
final class SendAbortedException extends RetriableException {

  SendAbortedException(Exception cause) {
    super("aborted by the producer rebuild that keeps partition order: " + cause, cause);
  }
}

package io.kmirror.replicator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.junit.jupiter.api.Test;

class SendErrorKindTest {

  @Test
  void errorsTheTargetMayGetOverAreRetriedAndSoIsAnythingUnknown() {
    assertThat(SendErrorKind.of(new TimeoutException("expired")))
        .isEqualTo(SendErrorKind.RETRIABLE);
    assertThat(SendErrorKind.of(new NotLeaderOrFollowerException("moved")))
        .isEqualTo(SendErrorKind.RETRIABLE);
    assertThat(SendErrorKind.of(new UnknownServerException("?")))
        .isEqualTo(SendErrorKind.RETRIABLE);
    assertThat(
            SendErrorKind.of(
                new OutOfOrderAcknowledgementException(new TopicPartition("t", 0), 5, 4)))
        .isEqualTo(SendErrorKind.RETRIABLE);
    assertThat(
            SendErrorKind.of(
                new KafkaException(
                    "Failed to append record because it was part of a batch which had one more"
                        + " more invalid records")))
        .as("a refused record's batch-mate")
        .isEqualTo(SendErrorKind.RETRIABLE);
  }

  @Test
  void recordsTheTargetRefusesUntilItIsChangedStopTheirPartition() {
    assertThat(SendErrorKind.of(new RecordTooLargeException("big")))
        .isEqualTo(SendErrorKind.REFUSED);
    assertThat(SendErrorKind.of(new InvalidRecordException("bad")))
        .isEqualTo(SendErrorKind.REFUSED);
    assertThat(SendErrorKind.of(new InvalidTimestampException("old")))
        .isEqualTo(SendErrorKind.REFUSED);
    assertThat(SendErrorKind.of(new TopicAuthorizationException("no write")))
        .isEqualTo(SendErrorKind.REFUSED);
  }

  @Test
  void aProducerThatCannotSendAnyMoreIsFatalAlsoWhenWrapped() {
    assertThat(SendErrorKind.of(new ProducerFencedException("fenced")))
        .isEqualTo(SendErrorKind.FATAL);
    assertThat(SendErrorKind.of(new OutOfOrderSequenceException("gap")))
        .isEqualTo(SendErrorKind.FATAL);
    assertThat(SendErrorKind.of(new IllegalStateException("producer closed")))
        .isEqualTo(SendErrorKind.FATAL);
    assertThat(SendErrorKind.of(new SaslAuthenticationException("bad password")))
        .isEqualTo(SendErrorKind.FATAL);
    assertThat(SendErrorKind.of(new ClusterAuthorizationException("no idempotent write")))
        .isEqualTo(SendErrorKind.FATAL);
    assertThat(SendErrorKind.of(new KafkaException("wrapped", new ProducerFencedException("f"))))
        .isEqualTo(SendErrorKind.FATAL);
  }

  @Test
  void aRecordAbortedByTheWorkersOwnProducerRebuildIsNeitherFatalNorRefused() {
    assertThat(SendErrorKind.of(new SendAbortedException(new IllegalStateException("closed"))))
        .isEqualTo(SendErrorKind.ABORTED);
    assertThat(
            SendErrorKind.of(
                new SendAbortedException(new KafkaException("Producer is closed forcefully."))))
        .isEqualTo(SendErrorKind.ABORTED);
    assertThat(SendErrorKind.ABORTED.decisive()).isFalse();
  }

  @Test
  void onlyFatalErrorsOfTheProducerItselfAreCuredByANewProducer() {
    assertThat(SendErrorKind.curedByNewProducer(new OutOfOrderSequenceException("gap"))).isTrue();
    assertThat(SendErrorKind.curedByNewProducer(new IllegalStateException("closed"))).isTrue();
    assertThat(SendErrorKind.curedByNewProducer(new ProducerFencedException("fenced"))).isFalse();
    assertThat(SendErrorKind.curedByNewProducer(new SaslAuthenticationException("bad password")))
        .isFalse();
    assertThat(SendErrorKind.curedByNewProducer(new ClusterAuthorizationException("no"))).isFalse();
    assertThat(SendErrorKind.curedByNewProducer(new TimeoutException("expired"))).isFalse();
  }
}

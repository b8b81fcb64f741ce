package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ScramIT {

  private static EmbeddedKafkaCluster cluster;

  @BeforeAll
  static void startCluster(
      @ClusterSpec(brokers = 2, scramUser = "alice", scramPassword = "alice-secret")
          EmbeddedKafkaCluster secured) {
    cluster = secured;
  }

  @Test
  void clientPropertiesCarryTheScramCredentials() {
    assertThat(cluster.clientProperties())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"alice\" password=\"alice-secret\";");
  }

  @Test
  void theUserCanCreateATopicReplicatedAcrossBrokersAndProduceToIt() throws Exception {
    try (Admin admin = KafkaClients.admin(cluster);
        KafkaProducer<String, String> producer = KafkaClients.producer(cluster)) {
      admin.createTopics(List.of(new NewTopic("secured", 1, (short) 2))).all().get();

      RecordMetadata acked = producer.send(new ProducerRecord<>("secured", "k", "v")).get();

      assertThat(acked.offset()).isZero();
    }
  }

  @Test
  void aWrongPasswordIsRejected() {
    Map<String, Object> wrong = new HashMap<>(cluster.clientProperties());
    wrong.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"alice\" password=\"wrong\";");
    try (Admin admin = Admin.create(wrong)) {
      assertThatThrownBy(() -> admin.listTopics().names().get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }
}

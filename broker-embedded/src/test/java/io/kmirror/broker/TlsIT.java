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
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/** TLS clusters with certificates generated at start: mTLS, and SCRAM over TLS (SASL_SSL). */
class TlsIT {

  @Test
  void anMtlsClusterServesAClientWithItsCertificateAndRefusesOneWithout() throws Exception {
    try (EmbeddedKafkaCluster cluster =
        EmbeddedKafkaCluster.builder().name("mtls").brokers(2).tls().build()) {
      cluster.start();
      assertThat(cluster.clientProperties())
          .containsEntry("security.protocol", "SSL")
          .containsKeys("ssl.keystore.location", "ssl.truststore.location");

      try (Admin admin = KafkaClients.admin(cluster);
          KafkaProducer<String, String> producer = KafkaClients.producer(cluster)) {
        admin.createTopics(List.of(new NewTopic("secured", 1, (short) 2))).all().get();
        assertThat(producer.send(new ProducerRecord<>("secured", "k", "v")).get().offset())
            .isZero();
      }

      Map<String, Object> noCertificate = new HashMap<>(cluster.clientProperties());
      noCertificate
          .keySet()
          .removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
      try (Admin admin = Admin.create(noCertificate)) {
        assertThatThrownBy(() -> admin.listTopics().names().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SslAuthenticationException.class);
      }
    }
  }

  @Test
  void aSaslSslClusterAuthenticatesByScramOverTls() throws Exception {
    try (EmbeddedKafkaCluster cluster =
        EmbeddedKafkaCluster.builder().name("sasl-ssl").tls().scram("alice", "alice-pw").build()) {
      cluster.start();
      assertThat(cluster.clientProperties())
          .containsEntry("security.protocol", "SASL_SSL")
          .containsKey("ssl.truststore.location")
          .doesNotContainKey("ssl.keystore.location");

      try (Admin admin = KafkaClients.admin(cluster);
          KafkaProducer<String, String> producer = KafkaClients.producer(cluster)) {
        admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get();
        assertThat(producer.send(new ProducerRecord<>("secured", "k", "v")).get().offset())
            .isZero();
      }
    }
  }
}

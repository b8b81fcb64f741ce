package io.kmirror.topology;

import static io.kmirror.topology.TopologyFiles.topology;
import static io.kmirror.topology.TopologyFiles.twoClusters;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Secrets never reach a printable form: not in masked(), not in any record's toString(). */
class SecretMaskingTest {

  private static final String[] SECRETS = {
    "A.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\"u\" password=\"jaas-secret\";",
    "A.ssl.keystore.password = keystore-secret",
    "B.ssl.key.password = key-secret",
    "B.ssl.truststore.password = truststore-secret",
    "A->B.producer.sasl.oauthbearer.client.credentials.client.secret = oauth-secret",
    "A.consumer.basic.auth.user.info = user:info-secret-password"
  };

  @Test
  void maskedHidesEverySecretValueAndKeepsTheRest() {
    ClientConfig config =
        ClientConfig.of(
            java.util.Map.of(
                "sasl.jaas.config", "x",
                "ssl.keystore.password", "y",
                "ssl.keystore.key", "z",
                "security.protocol", "SASL_SSL"));

    assertThat(config.masked())
        .containsEntry("sasl.jaas.config", "[hidden]")
        .containsEntry("ssl.keystore.password", "[hidden]")
        .containsEntry("ssl.keystore.key", "[hidden]")
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void noRecordOfAParsedTopologyPrintsASecret() {
    Topology topology = topology(twoClusters(SECRETS));
    String printed = topology.toString();

    assertThat(printed)
        .doesNotContain("jaas-secret")
        .doesNotContain("keystore-secret")
        .doesNotContain("key-secret")
        .doesNotContain("truststore-secret")
        .doesNotContain("oauth-secret")
        .doesNotContain("info-secret")
        .contains("[hidden]");
  }

  @Test
  void configProviderReferencesAreMaskedTooWhenTheKeyIsASecret() {
    Topology topology =
        topology(
            twoClusters(
                "config.providers = file",
                "config.providers.file.class ="
                    + " org.apache.kafka.common.config.provider.FileConfigProvider",
                "A.sasl.jaas.config = ${file:/etc/kmirror/secrets.properties:jaas}"));

    assertThat(topology.cluster("A").orElseThrow().common().masked())
        .containsEntry("sasl.jaas.config", "[hidden]");
    assertThat(topology.cluster("A").orElseThrow().common().entries())
        .containsEntry("sasl.jaas.config", "${file:/etc/kmirror/secrets.properties:jaas}");
  }

  @Test
  void secretsAreRecognisedByTheWordsInTheirNamesNotByAnExactList() {
    for (String key :
        java.util.List.of(
            "sasl.jaas.config",
            "sasl.jass.config",
            "ssl.key.password",
            "ssl.keystore.key",
            "ssl.truststore.certificates",
            "sasl.oauthbearer.client.credentials.client.secret",
            "basic.auth.user.info",
            "schema.registry.api.key",
            "x-apikey",
            "sasl.login.token",
            "A->B.consumer.sasl.jaas.config")) {
      assertThat(ClientConfig.isSecretKey(key)).as(key).isTrue();
    }
    for (String key :
        java.util.List.of(
            "key.serializer",
            "key.deserializer",
            "key.converter.schemas.enable",
            "ssl.keystore.location",
            "ssl.keystore.type",
            "ssl.keymanager.algorithm",
            "security.protocol",
            "sasl.mechanism",
            "partitioner.ignore.keys")) {
      assertThat(ClientConfig.isSecretKey(key)).as(key).isFalse();
    }
  }

  @Test
  void aKeyNoKafkaClientKnowsIsHiddenTooForItMayBeAMisspeltSecret() {
    ClientConfig config =
        ClientConfig.of(
            java.util.Map.of("sasl.jass.config", "x", "linger.ms", "5", "key.serializer", "K"));

    assertThat(config.masked())
        .isEqualTo(
            java.util.Map.of(
                "sasl.jass.config", "[hidden]", "linger.ms", "5", "key.serializer", "K"));
  }
}

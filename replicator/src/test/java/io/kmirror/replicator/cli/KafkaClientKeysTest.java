package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.ClientConfig;
import io.kmirror.topology.ClientRole;
import io.kmirror.topology.KafkaClientKeys;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The topology may not depend on kafka-clients, so it lists the client config names in a resource;
 * this test keeps that list equal to the real clients' (regenerate it when kafka.version moves).
 */
class KafkaClientKeysTest {

  private static Map<String, Set<ClientRole>> fromKafka() {
    Map<String, Set<ClientRole>> roles = new TreeMap<>();
    add(roles, ClientRole.CONSUMER, ConsumerConfig.configDef());
    add(roles, ClientRole.PRODUCER, ProducerConfig.configDef());
    add(roles, ClientRole.ADMIN, AdminClientConfig.configDef());
    return roles;
  }

  private static void add(Map<String, Set<ClientRole>> roles, ClientRole role, ConfigDef def) {
    def.names()
        .forEach(k -> roles.computeIfAbsent(k, x -> EnumSet.noneOf(ClientRole.class)).add(role));
  }

  @Test
  void listedClientKeysAreExactlyTheKafkaClientsConfigNames() {
    assertThat(KafkaClientKeys.all())
        .as(
            "topology/src/main/resources/io/kmirror/topology/kafka-client-keys.properties is out"
                + " of date; replace its entries with:%n%s",
            resourceLines(fromKafka()))
        .isEqualTo(fromKafka());
  }

  private static String resourceLines(Map<String, Set<ClientRole>> roles) {
    StringBuilder lines = new StringBuilder();
    roles.forEach(
        (key, set) ->
            lines
                .append(key)
                .append(" = ")
                .append(String.join(",", set.stream().map(ClientRole::label).sorted().toList()))
                .append('\n'));
    return lines.toString();
  }

  @Test
  void everyPasswordTypedClientKeyIsMasked() {
    for (ConfigDef def :
        new ConfigDef[] {
          ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef()
        }) {
      def.configKeys().values().stream()
          .filter(k -> k.type == ConfigDef.Type.PASSWORD)
          .forEach(k -> assertThat(ClientConfig.isSecretKey(k.name)).as(k.name).isTrue());
    }
  }
}

package io.kmirror.replicator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code config.providers = env, file} as users write it: Kafka splits the list without trimming,
 * so every client config gets it without spaces, and a {@code ${file:}} reference then resolves.
 */
class ConfigProvidersListTest {

  private static FlowEndpoints endpoints(String providers) {
    String file =
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = a:9092",
            "B.bootstrap.servers = b:9092",
            "A->B.enabled = true",
            "config.providers = " + providers,
            "config.providers.env.class ="
                + " org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "config.providers.file.class ="
                + " org.apache.kafka.common.config.provider.FileConfigProvider");
    Flow flow =
        new TopologyParser()
            .parse(Path.of("topology.properties"), file)
            .topology()
            .flow(new FlowId("A", "B"))
            .orElseThrow();
    return new FlowEndpoints(flow, "a:9092", "b:9092");
  }

  @Test
  void everyClientGetsTheProviderListWithoutSpaces() {
    FlowEndpoints endpoints = endpoints(" env ,  file ,");

    List<Map<String, Object>> configs =
        List.of(
            endpoints.sourceConsumer(0),
            endpoints.sourceAdmin(),
            endpoints.targetAdmin(),
            endpoints.targetProducer(0),
            endpoints.heartbeatProducer(),
            endpoints.targetProgressConsumer(0),
            endpoints.leaderConsumer());
    assertThat(configs)
        .allSatisfy(c -> assertThat(c).containsEntry("config.providers", "env,file"));
  }

  @Test
  void aFileReferenceResolvesInTheBuiltClientConfig() throws Exception {
    Path secrets = java.nio.file.Files.createTempFile("kmirror-secrets", ".properties");
    try {
      java.nio.file.Files.writeString(secrets, "pw=from-the-file\n");
      Map<String, Object> admin = new java.util.HashMap<>(endpoints("env, file").targetAdmin());
      admin.put("sasl.jaas.config", "x required password=\"${file:" + secrets + ":pw}\";");

      assertThat(new AdminClientConfig(admin).getPassword("sasl.jaas.config").value())
          .isEqualTo("x required password=\"from-the-file\";");
    } finally {
      java.nio.file.Files.delete(secrets);
    }
  }
}

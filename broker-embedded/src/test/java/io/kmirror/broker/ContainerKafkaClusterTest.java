package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerKafkaClusterTest {

  @Test
  void brokerSettingsBecomeTheImagesEnvironmentVariables() {
    assertThat(ContainerKafkaCluster.environmentVariable("auto.create.topics.enable"))
        .isEqualTo("KAFKA_AUTO_CREATE_TOPICS_ENABLE");
    assertThat(ContainerKafkaCluster.environmentVariable("listener.name.client.scram-sha-256.x"))
        .isEqualTo("KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___256_X");
    assertThat(ContainerKafkaCluster.environmentVariable("log_dir.with_underscore"))
        .isEqualTo("KAFKA_LOG__DIR_WITH__UNDERSCORE");
  }

  @Test
  void shapesAContainerCannotHaveAreExplainedBeforeDockerIsAsked() {
    assertThat(ContainerKafkaCluster.whyUnsupported(3, false))
        .contains("it asks for 3 brokers; the container cluster has one");
    assertThat(ContainerKafkaCluster.whyUnsupported(1, true))
        .contains("it asks for a SCRAM listener; the container cluster is PLAINTEXT only");
  }

  @Test
  void keysTheEmbeddedLayoutManagesAreRefusedForContainersToo() {
    assertThatThrownBy(() -> new ContainerKafkaCluster("A", Map.of("listeners", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("broker config 'listeners' is managed by EmbeddedKafkaCluster");
  }

  @Test
  void theImageFollowsTheKafkaClientsVersion() {
    assertThat(ContainerKafkaCluster.IMAGE).isEqualTo("apache/kafka:4.3.1");
  }
}

package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {

  @Test
  void theBuilderReportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                EmbeddedKafkaCluster.builder()
                    .name("my cluster")
                    .brokers(4)
                    .brokerConfig("node.id", "7")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cluster name 'my cluster' must be 1 to 64 letters, digits, '.', '_' or '-';"
                + " cluster my cluster broker count 4 must be 1 to 3;"
                + " cluster my cluster broker config 'node.id' is managed by EmbeddedKafkaCluster"
                + " (it assigns node ids, ports and directories); remove it");
  }

  @Test
  void aBuiltClusterKnowsItsShapeButHasNoAddressUntilStarted() {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().name("B").brokers(2).build();

    assertThat(cluster.name()).isEqualTo("B");
    assertThat(cluster.brokerCount()).isEqualTo(2);
    assertThat(cluster.isBrokerRunning(1)).isFalse();
    assertThatThrownBy(cluster::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster B is not started");
  }

  @Test
  void aBrokerIndexOutsideTheClusterIsRefused() {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().name("C").brokers(2).build();

    assertThatThrownBy(() -> cluster.killBroker(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster C has brokers 0..1; there is no broker 2");
  }

  @Test
  void closingAClusterThatNeverStartedIsHarmlessAndFinal() {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build();

    cluster.close();
    cluster.close();

    assertThatThrownBy(cluster::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster embedded is closed");
  }
}

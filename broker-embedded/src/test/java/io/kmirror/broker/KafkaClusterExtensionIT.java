package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaClusterExtensionIT {

  private static EmbeddedKafkaCluster fromFirstTest;

  @Test
  @Order(1)
  void aTestMethodGetsAStartedClusterShapedByItsSpec(
      @ClusterSpec(name = "method-scoped", brokerConfig = "num.partitions=4")
          EmbeddedKafkaCluster cluster) {
    fromFirstTest = cluster;
    assertThat(cluster.name()).isEqualTo("method-scoped");
    assertThat(cluster.brokerCount()).isEqualTo(1);
    assertThat(cluster.isBrokerRunning(0)).isTrue();
    assertThat(cluster.bootstrapServers()).startsWith("127.0.0.1:");
  }

  @Test
  @Order(2)
  void theClusterOfAFinishedTestMethodIsClosed() {
    assertThat(fromFirstTest).isNotNull();
    assertThatThrownBy(fromFirstTest::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cluster method-scoped is closed");
  }
}

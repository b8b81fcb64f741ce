package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Topology;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterAddressesTest {

  @Test
  void embeddedClustersTakeTheAddressesTheyWereStartedAt() {
    Topology topology = TestFlows.topology(TestFlows.flow("A", "B").build());

    assertThat(ClusterAddresses.resolve(topology, Map.of("A", "h:1", "B", "h:2")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("A", "h:1", "B", "h:2"));
  }

  @Test
  void anEmbeddedClusterWithoutAddressIsNamed() {
    Topology topology = TestFlows.topology(TestFlows.flow("A", "B").build());

    assertThatThrownBy(() -> ClusterAddresses.resolve(topology, Map.of("A", "h:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster B is embedded but was not started: no bootstrap address for it");
  }
}

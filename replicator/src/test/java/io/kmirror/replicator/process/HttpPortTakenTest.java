package io.kmirror.replicator.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.KmirrorSettings;
import io.kmirror.topology.Topology;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints bind before any flow starts, so a taken port fails the start at once. */
class HttpPortTakenTest {

  @Test
  void aTakenHttpPortStopsTheStartWithOneLineNamingTheKey() throws Exception {
    // Given the configured port is taken by another process
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Topology topology =
          TestFlows.topology(
              Map.of("A", "127.0.0.1:1", "B", "127.0.0.1:1"),
              TestFlows.flow("A", "B").topics("orders").build());
      Topology onTakenPort =
          new Topology(
              topology.file(),
              topology.clusters(),
              topology.flows(),
              new KmirrorSettings(
                  taken.getLocalPort(), "127.0.0.1", Duration.ofSeconds(30), false));

      // Then the process does not start, and says which key to change
      assertThatThrownBy(() -> ReplicatorProcess.start(onTakenPort, Replicators.FAST))
          .isInstanceOf(HttpBindException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (")
          .hasMessageEndingWith("); set kmirror.http.port to a free port, or 0 for any free port");
    }
  }
}

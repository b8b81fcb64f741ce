package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

class PreboundSocketsTest {

  @Test
  void aReservedPortIsHeldUntilKafkaClaimsItAndThenHandedOverAsIs() throws Exception {
    try (PreboundSockets sockets = new PreboundSockets()) {
      int port = sockets.reserve();

      ServerSocketChannel claimed =
          sockets.openServerSocket("CLIENT", new InetSocketAddress("127.0.0.1", port), 50, -1);

      assertThat(claimed.isOpen()).isTrue();
      assertThat(claimed.socket().getLocalPort()).isEqualTo(port);
      claimed.close();
    }
  }

  @Test
  void aRestartedListenerBindsTheSamePortAgain() throws Exception {
    try (PreboundSockets sockets = new PreboundSockets()) {
      int port = sockets.reserve();
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
      sockets.openServerSocket("CLIENT", address, 50, -1).close();

      try (ServerSocketChannel again = sockets.openServerSocket("CLIENT", address, 50, 65536)) {
        assertThat(again.socket().getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void closingReleasesPortsNobodyClaimed() throws Exception {
    PreboundSockets sockets = new PreboundSockets();
    int port = sockets.reserve();

    sockets.close();

    try (ServerSocketChannel channel = ServerSocketChannel.open()) {
      channel.bind(new InetSocketAddress("127.0.0.1", port));
      assertThat(channel.socket().getLocalPort()).isEqualTo(port);
    }
  }
}

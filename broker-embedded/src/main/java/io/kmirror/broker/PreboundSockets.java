package io.kmirror.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Ports that belong to one cluster from allocation to close, so no other process can take them in
 * between.
 *
 * <p>{@link #reserve()} binds a listening socket on an ephemeral loopback port at once; Kafka's
 * socket server later asks this factory for a socket on that port and gets the very channel that
 * was bound, so there is no window between "find a free port" and "bind it". When a broker is
 * restarted, its old channel has been closed by Kafka and the port is bound afresh with {@code
 * SO_REUSEADDR}, so connections left in TIME_WAIT do not block it. Channels never handed to Kafka
 * are closed by {@link #close()}.
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

  private final Map<Integer, ServerSocketChannel> unclaimed = new HashMap<>();

  /** Binds a fresh loopback port and keeps it until Kafka claims it. */
  synchronized int reserve() {
    try {
      ServerSocketChannel channel = ServerSocketChannel.open();
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress(ClusterLayout.HOST, 0));
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      int port = channel.socket().getLocalPort();
      unclaimed.put(port, channel);
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
  }

  @Override
  public synchronized ServerSocketChannel openServerSocket(
      String listenerName, InetSocketAddress address, int backlog, int receiveBufferSize)
      throws IOException {
    ServerSocketChannel reserved = unclaimed.remove(address.getPort());
    if (reserved != null && reserved.isOpen()) {
      return reserved;
    }
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (receiveBufferSize > 0) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
      }
      channel.bind(address, backlog);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException(
          "listener " + listenerName + " cannot bind " + address + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    for (ServerSocketChannel channel : unclaimed.values()) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing a listening socket that nobody accepted on cannot lose data.
      }
    }
    unclaimed.clear();
  }
}

package io.kmirror.topology;

/** Where a cluster's brokers are: an address list the user runs, or brokers started in-process. */
public sealed interface Bootstrap {

  /** {@code A.bootstrap.servers = host:port,...}: passed verbatim to clients. */
  record External(String servers) implements Bootstrap {}

  /** {@code A.bootstrap.servers = embedded}, with {@code A.embedded.brokers = 1..3}. */
  record Embedded(int brokers) implements Bootstrap {
    public static final int MAX_BROKERS = 3;
  }
}

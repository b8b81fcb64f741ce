package io.kmirror.topology;

import java.util.Locale;
import java.util.Objects;

/** Where a cluster's brokers are: an address list the user runs, or brokers started in-process. */
public sealed interface Bootstrap {

  /** The value of {@code A.bootstrap.servers} that asks for an in-process cluster. */
  String EMBEDDED = "embedded";

  /** Whether a {@code bootstrap.servers} value asks for an embedded cluster (any case). */
  static boolean isEmbedded(String servers) {
    return servers.trim().toLowerCase(Locale.ROOT).equals(EMBEDDED);
  }

  /**
   * {@code A.bootstrap.servers = host:port,...}: passed verbatim to clients, config-provider
   * references ({@code ${env:A_BOOTSTRAP}}) included.
   */
  record External(String servers) implements Bootstrap {
    public External {
      Rules.bootstrapServers(Objects.requireNonNull(servers, "servers"));
    }

    @Override
    public String toString() {
      return servers;
    }
  }

  /** {@code A.bootstrap.servers = embedded}, with {@code A.embedded.brokers = 1..3}. */
  record Embedded(int brokers) implements Bootstrap {
    public static final int MAX_BROKERS = 3;

    public Embedded {
      Rules.embeddedBrokers(brokers);
    }

    @Override
    public String toString() {
      return EMBEDDED + " (" + brokers + (brokers == 1 ? " broker)" : " brokers)");
    }
  }
}

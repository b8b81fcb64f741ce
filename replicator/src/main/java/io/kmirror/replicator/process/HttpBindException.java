package io.kmirror.replicator.process;

import io.kmirror.topology.Topology;

/** The HTTP endpoints could not listen where the topology asks: one line naming the key. */
public final class HttpBindException extends RuntimeException {

  HttpBindException(Topology topology, Throwable cause) {
    super(
        "cannot listen on "
            + topology.settings().httpHost()
            + ":"
            + topology.settings().httpPort()
            + " ("
            + cause.getMessage()
            + "); set kmirror.http.port to a free port, or 0 for any free port",
        cause);
  }
}

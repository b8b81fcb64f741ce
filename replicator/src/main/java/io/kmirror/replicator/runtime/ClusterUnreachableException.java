package io.kmirror.replicator.runtime;

/** A cluster did not answer in time; the message names it and its bootstrap address. */
public final class ClusterUnreachableException extends RuntimeException {

  private final String cluster;
  private final String bootstrap;

  public ClusterUnreachableException(String cluster, String bootstrap, Throwable cause) {
    super(
        "cluster "
            + cluster
            + " at "
            + bootstrap
            + " unreachable: "
            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
        cause);
    this.cluster = cluster;
    this.bootstrap = bootstrap;
  }

  public String cluster() {
    return cluster;
  }

  public String bootstrap() {
    return bootstrap;
  }
}

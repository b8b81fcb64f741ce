package io.kmirror.replicator.demo;

import java.util.Objects;

/** A topic on one cluster: the unit the demo counts records in. */
public record ClusterTopic(String cluster, String topic) {

  public ClusterTopic {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(topic, "topic");
  }

  @Override
  public String toString() {
    return topic + " on " + cluster;
  }
}

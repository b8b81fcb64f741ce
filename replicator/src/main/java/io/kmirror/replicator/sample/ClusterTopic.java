package io.kmirror.replicator.sample;

import java.util.Objects;

/**
 * A topic on one cluster: the unit sample traffic is produced to and the demo counts records in.
 */
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

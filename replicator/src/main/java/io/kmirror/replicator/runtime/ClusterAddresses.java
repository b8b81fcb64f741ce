package io.kmirror.replicator.runtime;

import io.kmirror.topology.Bootstrap;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Topology;
import java.util.HashMap;
import java.util.Map;

/**
 * Every cluster's {@code bootstrap.servers} at run time: an external cluster's as written in the
 * file, an embedded cluster's as reported by the brokers started for it (known only after start).
 */
public final class ClusterAddresses {

  private ClusterAddresses() {}

  /**
   * @param embedded bootstrap servers of the embedded clusters, by cluster name
   * @throws IllegalArgumentException naming a cluster that is embedded but has no address
   */
  public static Map<String, String> resolve(Topology topology, Map<String, String> embedded) {
    Map<String, String> addresses = new HashMap<>();
    for (Cluster cluster : topology.clusters()) {
      if (cluster.bootstrap() instanceof Bootstrap.External external) {
        addresses.put(cluster.name(), external.servers());
      } else {
        String address = embedded.get(cluster.name());
        if (address == null || address.isBlank()) {
          throw new IllegalArgumentException(
              "cluster "
                  + cluster.name()
                  + " is embedded but was not started: no bootstrap address for it");
        }
        addresses.put(cluster.name(), address);
      }
    }
    return Map.copyOf(addresses);
  }
}

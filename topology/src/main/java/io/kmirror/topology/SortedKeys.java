package io.kmirror.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A file's keys sorted by what they are: settings at top, cluster or flow level; Kafka client keys
 * by scope and role; ignored MM2 and Connect keys; and the flows the file names, in file order.
 */
final class SortedKeys {

  /** A key exactly as written and its value. */
  record Written(String key, String value) {}

  /** A Kafka client key: as written in the file, as the client reads it, and its value. */
  record ClientKey(String key, String clientKey, String value) {}

  private final Map<String, Map<String, Written>> settings = new LinkedHashMap<>();
  private final Set<FlowId> flows = new LinkedHashSet<>();
  private final List<IgnoredKey> ignored = new ArrayList<>();
  private final ClientLayers clients = new ClientLayers();
  private final List<ClientKey> clientKeys = new ArrayList<>();

  /** {@code scope} is {@link ClientLayers#TOP}, a cluster alias or a flow ({@code A->B}). */
  void putSetting(String scope, Setting setting, String key, String value) {
    settings
        .computeIfAbsent(scope, s -> new LinkedHashMap<>())
        .put(setting.key(), new Written(key, value));
  }

  Optional<Written> setting(String scope, Setting setting) {
    return Optional.ofNullable(settings.getOrDefault(scope, Map.of()).get(setting.key()));
  }

  void addFlow(FlowId flow) {
    flows.add(flow);
  }

  List<FlowId> flows() {
    return List.copyOf(flows);
  }

  void ignore(String key, String reason) {
    ignored.add(new IgnoredKey(key, reason));
  }

  List<IgnoredKey> ignored() {
    return List.copyOf(ignored);
  }

  void addClientKey(String key, String clientKey, String value) {
    clientKeys.add(new ClientKey(key, clientKey, value));
  }

  /** Every Kafka client key passed to a client, in file order. */
  List<ClientKey> clientKeys() {
    return List.copyOf(clientKeys);
  }

  ClientLayers clients() {
    return clients;
  }
}

package io.kmirror.replicator.http;

import io.kmirror.topology.ClientConfig;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowClients;
import io.kmirror.topology.Topology;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Replaces every secret value of a topology (passwords, JAAS configs, keys: whatever {@link
 * ClientConfig#isSecretKey} calls secret) with {@value ClientConfig#HIDDEN} in text kmirror did not
 * write itself, such as a client exception's message, before it is shown over HTTP. Status pages
 * name no client config at all; this is the second line of defence for error text. Secrets the
 * Kafka client resolves from config providers never reach kmirror's memory as values, so only the
 * reference text is ever seen, and that is scrubbed too when it is a secret key's value.
 */
final class SecretScrubber {

  /**
   * An unknown key's value (perhaps a misspelt secret) is scrubbed only from this length: a short
   * one such as {@code 1} or {@code true} would blank ordinary words and numbers of the text.
   */
  private static final int UNKNOWN_KEY_MIN_LENGTH = 8;

  private final List<String> secrets;

  SecretScrubber(Topology topology) {
    Set<String> values = new TreeSet<>();
    for (Cluster cluster : topology.clusters()) {
      Stream.of(cluster.common(), cluster.consumer(), cluster.producer(), cluster.admin())
          .forEach(c -> collect(c, values));
    }
    for (Flow flow : topology.flows()) {
      FlowClients clients = flow.clients();
      Stream.of(
              clients.sourceConsumer(),
              clients.sourceAdmin(),
              clients.sourceProducer(),
              clients.targetProducer(),
              clients.targetAdmin(),
              clients.targetConsumer())
          .forEach(c -> collect(c, values));
    }
    // Longest first, so a secret that contains another is replaced whole.
    secrets = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  private static void collect(ClientConfig config, Set<String> values) {
    config
        .entries()
        .forEach(
            (key, value) -> {
              if (ClientConfig.isSecretKey(key) && !value.isBlank()
                  || ClientConfig.hidesValue(key) && value.length() >= UNKNOWN_KEY_MIN_LENGTH) {
                values.add(value);
              }
            });
  }

  String scrub(String text) {
    String result = text;
    for (String secret : secrets) {
      if (result.contains(secret)) {
        result = result.replace(secret, ClientConfig.HIDDEN);
      }
    }
    return result;
  }
}

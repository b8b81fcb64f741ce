package io.kmirror.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * (Over 300 lines on purpose: one precedence order over a key's prefix and name, each branch a
 * small method; split up, the order would have to be read across files.)
 *
 * <p>Sorts every key of a file into {@link SortedKeys}, reporting keys that name unknown clusters
 * or flows from a cluster to itself (errors), known keys at a level where they are not read, and
 * keys nobody knows (warnings with a did-you-mean).
 *
 * <p>A key is a flow key when it holds {@code ->} ({@code A->B.topics}), a cluster key when its
 * first segment is an alias from {@code clusters} ({@code A.security.protocol}), and a top-level
 * key otherwise. What follows the prefix is then, in this order: a {@link Setting}, an ignored MM2
 * or Connect key, a role-prefixed client key ({@code consumer.max.poll.records}), or a plain Kafka
 * client key. A key known to none of these is still passed to Kafka clients (it may belong to a
 * client plug-in), with a warning.
 */
final class KeySorter {

  private enum Level {
    TOP,
    CLUSTER,
    FLOW
  }

  /**
   * Unknown keys listed one by one; past this, they are counted in one line. A file of generated or
   * binary junk would otherwise print a line per key (and look for a did-you-mean for each).
   */
  static final int UNKNOWN_KEYS_LISTED = 20;

  private static final String SOURCE_ADMIN = "source.admin.";
  private static final String TARGET_ADMIN = "target.admin.";

  private final List<String> clusters;
  private final Problems problems;
  private final SortedKeys sorted = new SortedKeys();
  private final Set<String> reportedPrefixes = new HashSet<>();
  private int unknownKeys;

  private KeySorter(List<String> clusters, Problems problems) {
    this.clusters = clusters;
    this.problems = problems;
  }

  static SortedKeys sort(RawProperties raw, List<String> clusters, Problems problems) {
    KeySorter sorter = new KeySorter(clusters, problems);
    raw.entries().forEach(sorter::sortKey);
    int unlisted = sorter.unknownKeys - UNKNOWN_KEYS_LISTED;
    if (unlisted > 0) {
      problems.add(
          Problem.fileWarning(
              problems.file(),
              "... and "
                  + unlisted
                  + " more unknown key"
                  + (unlisted == 1 ? "" : "s")
                  + " (only the first "
                  + UNKNOWN_KEYS_LISTED
                  + " are listed); expected kmirror, MM2 or Kafka client keys"));
    }
    return sorter.sorted;
  }

  private void sortKey(String key, String value) {
    int arrow = key.indexOf("->");
    if (arrow >= 0) {
      flowKey(key, value, arrow);
      return;
    }
    int dot = key.indexOf('.');
    if (dot > 0 && clusters.contains(key.substring(0, dot))) {
      scoped(Level.CLUSTER, key.substring(0, dot), key.substring(dot + 1), key, value);
      return;
    }
    scoped(Level.TOP, ClientLayers.TOP, key, key, value);
  }

  private void flowKey(String key, String value, int arrow) {
    String source = key.substring(0, arrow);
    String rest = key.substring(arrow + 2);
    int dot = rest.indexOf('.');
    if (dot < 0) {
      if (listUnknown()) {
        problems.warning(
            key, "is not a known key; expected SOURCE->TARGET.KEY, e.g. 'A->B.enabled'");
      }
      return;
    }
    String target = rest.substring(0, dot);
    String prefix = source + "->" + target;
    for (String alias : List.of(source, target)) {
      if (!clusters.contains(alias)) {
        reportOnce(
            prefix,
            key,
            "names cluster '" + alias + "', which is not in 'clusters'; " + expectedClusters());
        return;
      }
    }
    if (source.equals(target)) {
      reportOnce(
          prefix,
          key,
          "names a flow from cluster '" + source + "' to itself; expected two different clusters");
      return;
    }
    FlowId flow = new FlowId(source, target);
    sorted.addFlow(flow);
    scoped(Level.FLOW, flow.toString(), rest.substring(dot + 1), key, value);
  }

  private void scoped(Level level, String scope, String name, String key, String value) {
    Optional<Setting> setting = Setting.forKey(name);
    if (setting.isPresent()) {
      setting(level, scope, setting.get(), key, value);
    } else if (IgnoredKeys.acceptedValues(name).filter(ok -> !ok.contains(value)).isPresent()) {
      List<String> accepted = IgnoredKeys.acceptedValues(name).orElseThrow();
      String expected = accepted.get(0).isEmpty() ? "no value" : String.join(" or ", accepted);
      problems.error(
          key,
          value,
          "is not supported ("
              + IgnoredKeys.reason(name).orElseThrow()
              + "); expected "
              + expected);
    } else if (IgnoredKeys.reason(name).isPresent()) {
      sorted.ignore(key, IgnoredKeys.reason(name).orElseThrow());
    } else if (level == Level.FLOW && flowAdminSide(name).isPresent()) {
      flowAdminKey(scope, flowAdminSide(name).orElseThrow(), name, key, value);
    } else if (roleOf(name).isPresent()) {
      roleKey(level, scope, roleOf(name).orElseThrow(), name, key, value);
    } else if (level == Level.FLOW) {
      unknownFlowKey(scope, name, key);
    } else if (KafkaClientKeys.isClientKey(name)) {
      sorted.clients().putCommon(scope, name, value);
      sorted.addClientKey(key, name, value);
    } else if (level == Level.TOP && namesUnknownCluster(name)) {
      String alias = name.substring(0, name.indexOf('.'));
      reportOnce(
          alias,
          key,
          "names cluster '" + alias + "', which is not in 'clusters'; " + expectedClusters());
    } else {
      unknownKey(level, name, key);
      sorted.clients().putCommon(scope, name, value);
      sorted.addClientKey(key, name, value);
    }
  }

  private void setting(Level level, String scope, Setting setting, String key, String value) {
    boolean read =
        switch (level) {
          case TOP -> setting.readAtTopLevel();
          case CLUSTER -> setting.readAtClusterLevel();
          case FLOW -> setting.readAtFlowLevel();
        };
    if (read) {
      sorted.putSetting(scope, setting, key, value);
      return;
    }
    String expected =
        switch (setting.scope()) {
          case GLOBAL -> "expected '" + setting.key() + "' at top level";
          case CLUSTER -> "expected 'CLUSTER." + setting.key() + "'";
          case FLOW_ONLY -> "expected 'SOURCE->TARGET." + setting.key() + "'";
          case FLOW -> "expected 'SOURCE->TARGET." + setting.key() + "' or '" + setting.key() + "'";
        };
    problems.warning(key, "is not read at this level; " + expected);
  }

  private void roleKey(
      Level level, String scope, ClientRole role, String name, String key, String value) {
    String clientKey = name.substring(role.prefix().length());
    if (level == Level.FLOW
        && role == ClientRole.ADMIN
        && KafkaClientKeys.isConnectionKey(clientKey)) {
      sharedAdminCredential(scope, clientKey, key);
      return;
    }
    if (role == ClientRole.CONSUMER
        && scope.contains("->")
        && clientKey.equals("auto.offset.reset")) {
      problems.error(key, value, Rules.OFFSET_RESET_OWNED);
      return;
    }
    if (clientKeyPassed(role, clientKey, key)) {
      sorted.clients().putRole(scope, role, clientKey, value);
      sorted.addClientKey(key, clientKey, value);
    }
  }

  /**
   * {@code A->B.source.admin.key} or {@code A->B.target.admin.key}: MM2's way to give one end's
   * admin client its own keys.
   */
  private void flowAdminKey(String scope, String side, String name, String key, String value) {
    String clientKey = name.substring(side.length());
    if (clientKeyPassed(ClientRole.ADMIN, clientKey, key)) {
      sorted
          .clients()
          .putFlowAdmin(FlowId.parse(scope), side.equals(SOURCE_ADMIN), clientKey, value);
      sorted.addClientKey(key, clientKey, value);
    }
  }

  /**
   * {@code A->B.admin.*} reaches the admin clients of both A and B, so a connection or credential
   * key there would present one cluster's identity to the other: refused, naming the keys that
   * reach one cluster.
   */
  private void sharedAdminCredential(String scope, String clientKey, String key) {
    FlowId flow = FlowId.parse(scope);
    problems.error(
        key,
        "would present the same connection settings and credentials to "
            + flow.source()
            + " and "
            + flow.target()
            + "; expected '"
            + scope
            + "."
            + SOURCE_ADMIN
            + clientKey
            + "', '"
            + scope
            + "."
            + TARGET_ADMIN
            + clientKey
            + "', '"
            + flow.source()
            + ".admin."
            + clientKey
            + "' or '"
            + flow.target()
            + ".admin."
            + clientKey
            + "'");
  }

  /** Whether a role key is passed on; warns about a role-prefixed bootstrap and unknown keys. */
  private boolean clientKeyPassed(ClientRole role, String clientKey, String key) {
    if (clientKey.equals(Setting.BOOTSTRAP_SERVERS.key())) {
      problems.warning(
          key,
          "is ignored: clients reach a cluster at its 'CLUSTER.bootstrap.servers'; expected no such key");
      return false;
    }
    if (!KafkaClientKeys.accepts(role, clientKey) && listUnknown()) {
      List<String> candidates =
          KafkaClientKeys.all().entrySet().stream()
              .filter(e -> e.getValue().contains(role))
              .map(Map.Entry::getKey)
              .toList();
      String prefix = key.substring(0, key.length() - clientKey.length());
      String known = "is not a known " + role.label() + " key; ";
      problems.warning(
          key,
          Suggestions.closest(clientKey, candidates)
              .map(s -> known + "did you mean '" + prefix + s + "'?")
              .orElse(known + "passed to the " + role.label() + " as is"));
    }
    return true;
  }

  private static Optional<String> flowAdminSide(String name) {
    for (String side : List.of(SOURCE_ADMIN, TARGET_ADMIN)) {
      if (name.startsWith(side) && name.length() > side.length()) {
        return Optional.of(side);
      }
    }
    return Optional.empty();
  }

  private void unknownFlowKey(String scope, String name, String key) {
    if (KafkaClientKeys.isClientKey(name)) {
      String source = scope.substring(0, scope.indexOf("->"));
      problems.warning(
          key,
          "is a Kafka client key, which a flow reads only for one client; expected '"
              + scope
              + ".consumer."
              + name
              + "', '"
              + scope
              + ".producer."
              + name
              + "', '"
              + scope
              + ".admin."
              + name
              + "' or '"
              + source
              + "."
              + name
              + "'");
      return;
    }
    unknownKey(Level.FLOW, name, key);
  }

  /** Counts one more unknown key; whether it is among those listed one by one. */
  private boolean listUnknown() {
    unknownKeys++;
    return unknownKeys <= UNKNOWN_KEYS_LISTED;
  }

  private void unknownKey(Level level, String name, String key) {
    if (!listUnknown()) {
      return;
    }
    List<String> candidates = new ArrayList<>(IgnoredKeys.names());
    for (Setting s : Setting.values()) {
      boolean read =
          switch (level) {
            case TOP -> s.readAtTopLevel();
            case CLUSTER -> s.readAtClusterLevel();
            case FLOW -> s.readAtFlowLevel();
          };
      if (read) {
        candidates.add(s.key());
      }
    }
    if (level != Level.FLOW) {
      candidates.addAll(KafkaClientKeys.all().keySet());
    }
    String prefix = key.substring(0, key.length() - name.length());
    Optional<String> suggestion = Suggestions.closest(name, candidates);
    if (suggestion.isPresent()) {
      problems.warning(
          key, "is not a known key; did you mean '" + prefix + suggestion.get() + "'?");
    } else if (level == Level.FLOW) {
      problems.warning(key, "is not a known flow key; ignored");
    } else {
      problems.warning(
          key, "is not a known kmirror, MM2 or Kafka client key; passed to Kafka clients as is");
    }
  }

  /** Whether a top-level {@code X.rest} reads as a key for a cluster {@code X} never declared. */
  private static boolean namesUnknownCluster(String name) {
    int dot = name.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    String rest = name.substring(dot + 1);
    return Setting.forKey(rest).filter(s -> s.readAtClusterLevel()).isPresent()
        || IgnoredKeys.reason(rest).isPresent()
        || roleOf(rest).isPresent()
        || KafkaClientKeys.isClientKey(rest);
  }

  private static Optional<ClientRole> roleOf(String name) {
    for (ClientRole role : ClientRole.values()) {
      if (name.startsWith(role.prefix()) && name.length() > role.prefix().length()) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  private void reportOnce(String prefix, String key, String message) {
    if (reportedPrefixes.add(prefix)) {
      problems.error(key, message);
    }
  }

  private String expectedClusters() {
    return clusters.isEmpty()
        ? "expected the alias listed in 'clusters'"
        : "expected one of " + String.join(", ", clusters);
  }
}

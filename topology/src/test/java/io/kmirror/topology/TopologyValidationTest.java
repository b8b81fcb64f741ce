package io.kmirror.topology;

import static io.kmirror.topology.TopologyFiles.problems;
import static io.kmirror.topology.TopologyFiles.twoClusters;
import static io.kmirror.topology.TopologyFiles.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input, each reported as one exact line naming file, key, value and fix. */
class TopologyValidationTest {

  @Test
  void malformedTopicRegexNamesKeyValueAndReason() {
    assertThat(problems(twoClusters("A->B.topics = [a-")))
        .containsExactly(
            "topology.properties: key 'A->B.topics' value '[a-' is not a valid regular expression"
                + " (Illegal character range near index 3); expected a Java regex");
  }

  @Test
  void malformedEntryInAListIsNamed() {
    assertThat(problems(twoClusters("groups.exclude = ok.*, (unclosed")))
        .containsExactly(
            "topology.properties: key 'groups.exclude' value 'ok.*, (unclosed' has an entry"
                + " '(unclosed' that is not a valid regular expression (Unclosed group near index 9);"
                + " expected a Java regex");
  }

  @Test
  void aBadTopLevelValueInheritedByManyFlowsIsReportedOnce() {
    assertThat(problems(twoClusters("B->A.enabled = true", "topics = *")))
        .containsExactly(
            "topology.properties: key 'topics' value '*' is not a valid regular expression"
                + " (Dangling meta character '*' near index 0); expected a Java regex");
  }

  @Test
  void flowNamingAClusterNotInClustersIsAnError() {
    assertThat(problems(twoClusters("A->C.enabled = true", "A->C.topics = x")))
        .containsExactly(
            "topology.properties: key 'A->C.enabled' names cluster 'C', which is not in 'clusters';"
                + " expected one of A, B");
  }

  @Test
  void clusterKeyForAClusterNotInClustersIsAnError() {
    assertThat(problems(twoClusters("C.bootstrap.servers = c:9092")))
        .containsExactly(
            "topology.properties: key 'C.bootstrap.servers' names cluster 'C', which is not in"
                + " 'clusters'; expected one of A, B");
  }

  @Test
  void flowFromAClusterToItselfIsAnError() {
    assertThat(problems(twoClusters("A->A.enabled = true")))
        .containsExactly(
            "topology.properties: key 'A->A.enabled' names a flow from cluster 'A' to itself;"
                + " expected two different clusters");
  }

  @Test
  void missingBootstrapServersIsAnError() {
    assertThat(problems("clusters = A, B", "A.bootstrap.servers = a:9092", "A->B.enabled = true"))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' is missing;"
                + " expected host:port[,host:port...] or 'embedded'");
  }

  @Test
  void emptyBootstrapServersIsAnError() {
    assertThat(
            problems(
                "clusters = A, B",
                "A.bootstrap.servers = a:9092",
                "B.bootstrap.servers =",
                "A->B.enabled = true"))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' value '' is empty;"
                + " expected host:port[,host:port...] or 'embedded'");
  }

  @Test
  void missingClustersKeyIsAnError() {
    assertThat(problems("A->B.enabled = true"))
        .contains(
            "topology.properties: key 'clusters' is missing;"
                + " expected a comma-separated list of cluster aliases, e.g. 'A, B'");
  }

  @Test
  void clusterAliasesMustBeSimpleNamesListedOnce() {
    assertThat(
            problems(
                "clusters = A, B, A, us east",
                "A.bootstrap.servers = a:1",
                "B.bootstrap.servers = b:1",
                "A->B.enabled = true"))
        .containsExactly(
            "topology.properties: key 'clusters' value 'A, B, A, us east' names 'A' twice;"
                + " expected each alias once",
            "topology.properties: key 'clusters' value 'A, B, A, us east' has an alias 'us east'"
                + " that is not valid; expected letters, digits, '_' and '-'");
  }

  @Test
  void unknownPolicyClassIsAnError() {
    assertThat(problems(twoClusters("A->B.replication.policy.class = com.acme.FancyPolicy")))
        .containsExactly(
            "topology.properties: key 'A->B.replication.policy.class' value 'com.acme.FancyPolicy'"
                + " is not a supported replication policy; expected DefaultReplicationPolicy or"
                + " IdentityReplicationPolicy, short or fully qualified (org.apache.kafka.connect.mirror.*)");
  }

  @Test
  void nonNumericNegativeAndZeroIntervalsAreErrors() {
    assertThat(
            problems(
                twoClusters(
                    "refresh.topics.interval.seconds = soon",
                    "A.emit.checkpoints.interval.seconds = -5",
                    "A->B.sync.group.offsets.interval.seconds = 0")))
        .containsExactly(
            "topology.properties: key 'refresh.topics.interval.seconds' value 'soon' is not a valid"
                + " interval; expected a whole number of seconds from 1 to 86400 (one day)",
            "topology.properties: key 'A.emit.checkpoints.interval.seconds' value '-5' is not a valid"
                + " interval; expected a whole number of seconds from 1 to 86400 (one day)",
            "topology.properties: key 'A->B.sync.group.offsets.interval.seconds' value '0' is not a"
                + " valid interval; expected a whole number of seconds from 1 to 86400 (one day)");
  }

  @Test
  void unknownBooleanSpellingIsAnError() {
    assertThat(problems(twoClusters("A->B.sync.topic.configs.enabled = yes")))
        .containsExactly(
            "topology.properties: key 'A->B.sync.topic.configs.enabled' value 'yes' is not a boolean;"
                + " expected true or false");
  }

  @Test
  void badCountsAndPortsAreErrors() {
    assertThat(
            problems(
                "clusters = A, B",
                "A.bootstrap.servers = embedded",
                "A.embedded.brokers = 5",
                "B.bootstrap.servers = b:1",
                "A->B.enabled = true",
                "replication.factor = 0",
                "tasks.max = many",
                "kmirror.http.port = 70000",
                "offset-syncs.topic.location = middle",
                "replication.policy.separator ="))
        .containsExactly(
            "topology.properties: key 'A.embedded.brokers' value '5' is not a valid broker count;"
                + " expected a whole number from 1 to 3",
            "topology.properties: key 'replication.policy.separator' value '' is empty;"
                + " expected one or more characters",
            "topology.properties: key 'replication.factor' value '0' is not a valid replication"
                + " factor; expected -1 (the target broker's default) or a whole number, 1 or more",
            "topology.properties: key 'offset-syncs.topic.location' value 'middle' is not a valid"
                + " location; expected source or target",
            "topology.properties: key 'tasks.max' value 'many' is not a valid task count;"
                + " expected a whole number from 1 to 64",
            "topology.properties: key 'kmirror.http.port' value '70000' is not a valid port;"
                + " expected a whole number from 0 to 65535");
  }

  @Test
  void identityCycleWithoutLoopPreventionIsAnError() {
    assertThat(
            problems(
                twoClusters(
                    "B->A.enabled = true", "replication.policy.class = IdentityReplicationPolicy")))
        .containsExactly(
            "topology.properties: key 'replication.policy.class' value 'IdentityReplicationPolicy'"
                + " lets records loop along A->B->A; expected DefaultReplicationPolicy, or"
                + " kmirror.loop.prevention.enabled = true on every flow of the loop");
  }

  @Test
  void longerIdentityCyclesAreFoundToo() {
    assertThat(
            problems(
                "clusters = A, B, C",
                "A.bootstrap.servers = a:1",
                "B.bootstrap.servers = b:1",
                "C.bootstrap.servers = c:1",
                "A->B.enabled = true",
                "B->C.enabled = true",
                "C->A.enabled = true",
                "replication.policy.class = IdentityReplicationPolicy"))
        .containsExactly(
            "topology.properties: key 'replication.policy.class' value 'IdentityReplicationPolicy'"
                + " lets records loop along A->B->C->A; expected DefaultReplicationPolicy, or"
                + " kmirror.loop.prevention.enabled = true on every flow of the loop");
  }

  @Test
  void identityCycleIsAcceptedWhenEveryFlowOfItPreventsLoops() {
    assertThat(
            TopologyFiles.parse(
                    twoClusters(
                        "B->A.enabled = true",
                        "replication.policy.class = IdentityReplicationPolicy",
                        "kmirror.loop.prevention.enabled = true"))
                .warnings())
        .isEmpty();
  }

  @Test
  void identityCycleWithLoopPreventionOnOnlyOneFlowIsStillAnError() {
    assertThat(
            problems(
                twoClusters(
                    "B->A.enabled = true",
                    "B->A.replication.policy.class = IdentityReplicationPolicy",
                    "A->B.replication.policy.class = IdentityReplicationPolicy",
                    "A->B.kmirror.loop.prevention.enabled = true")))
        .containsExactly(
            "topology.properties: key 'B->A.replication.policy.class' value"
                + " 'IdentityReplicationPolicy' lets records loop along B->A->B; expected"
                + " DefaultReplicationPolicy, or kmirror.loop.prevention.enabled = true on every"
                + " flow of the loop");
  }

  @Test
  void defaultPolicyActiveActiveIsNoLoop() {
    assertThat(warnings(twoClusters("B->A.enabled = true"))).isEmpty();
  }

  @Test
  void identityAggregationWarnsThatTwoSourcesWriteTheSameTopicNames() {
    assertThat(
            warnings(
                "clusters = A, B, C",
                "A.bootstrap.servers = a:1",
                "B.bootstrap.servers = b:1",
                "C.bootstrap.servers = c:1",
                "A->C.enabled = true",
                "B->C.enabled = true",
                "replication.policy.class = IdentityReplicationPolicy"))
        .containsExactly(
            "topology.properties: warning: key 'replication.policy.class' value"
                + " 'IdentityReplicationPolicy' makes A->C and B->C write same-named topics into one"
                + " topic on C; expected DefaultReplicationPolicy, or topics filters that no topic"
                + " name matches twice");
  }

  @Test
  void identityAggregationOfDisjointLiteralTopicsDoesNotWarn() {
    assertThat(
            warnings(
                "clusters = A, B, C",
                "A.bootstrap.servers = a:1",
                "B.bootstrap.servers = b:1",
                "C.bootstrap.servers = c:1",
                "A->C.enabled = true",
                "A->C.topics = orders",
                "B->C.enabled = true",
                "B->C.topics = payments, refunds",
                "replication.policy.class = IdentityReplicationPolicy"))
        .isEmpty();
  }

  @Test
  void aFileWithNoEnabledFlowWarns() {
    assertThat(
            warnings("clusters = A, B", "A.bootstrap.servers = a:1", "B.bootstrap.servers = b:1"))
        .containsExactly(
            "topology.properties: warning: no flow is enabled;"
                + " expected at least one 'SOURCE->TARGET.enabled = true'");
  }

  @Test
  void misspeltKeysWarnWithTheClosestKnownKey() {
    assertThat(
            warnings(
                twoClusters(
                    "A->B.topcs = orders",
                    "sync.group.offset.enabled = true",
                    "A.securty.protocol = SSL",
                    "A.consumer.max.pol.records = 10")))
        .containsExactly(
            "topology.properties: warning: key 'A->B.topcs' is not a known key;"
                + " did you mean 'A->B.topics'?",
            "topology.properties: warning: key 'sync.group.offset.enabled' is not a known key;"
                + " did you mean 'sync.group.offsets.enabled'?",
            "topology.properties: warning: key 'A.securty.protocol' is not a known key;"
                + " did you mean 'A.security.protocol'?",
            "topology.properties: warning: key 'A.consumer.max.pol.records' is not a known consumer"
                + " key; did you mean 'A.consumer.max.poll.records'?");
  }

  @Test
  void unknownKeysFarFromAnyKnownKeyWarnThatTheyGoToClientsAsTheyAre() {
    assertThat(warnings(twoClusters("interceptor.custom.setting = 1", "A->B.whatever = 1")))
        .containsExactly(
            "topology.properties: warning: key 'interceptor.custom.setting' is not a known kmirror,"
                + " MM2 or Kafka client key; passed to Kafka clients as is",
            "topology.properties: warning: key 'A->B.whatever' is not a known flow key; ignored");
  }

  @Test
  void knownKeysWrittenWhereTheyAreNotReadWarn() {
    assertThat(
            warnings(
                twoClusters(
                    "A.enabled = true",
                    "A->B.kmirror.http.port = 1",
                    "A->B.security.protocol = SSL")))
        .containsExactly(
            "topology.properties: warning: key 'A.enabled' is not read at this level;"
                + " expected 'SOURCE->TARGET.enabled'",
            "topology.properties: warning: key 'A->B.kmirror.http.port' is not read at this level;"
                + " expected 'kmirror.http.port' at top level",
            "topology.properties: warning: key 'A->B.security.protocol' is a Kafka client key, which"
                + " a flow reads only for one client; expected 'A->B.consumer.security.protocol',"
                + " 'A->B.producer.security.protocol', 'A->B.admin.security.protocol' or"
                + " 'A.security.protocol'");
  }

  @Test
  void embeddedBrokersOnAnExternalClusterWarns() {
    assertThat(warnings(twoClusters("A.embedded.brokers = 2")))
        .containsExactly(
            "topology.properties: warning: key 'A.embedded.brokers' value '2' applies only to"
                + " embedded clusters; ignored because 'A.bootstrap.servers' is not 'embedded'");
  }

  @Test
  void aKeyWrittenTwiceWarnsAndTheLastValueWins() {
    ParsedTopology parsed = TopologyFiles.parse(twoClusters("A->B.topics = a", "A->B.topics = b"));

    assertThat(parsed.warnings())
        .extracting(Problem::line)
        .containsExactly(
            "topology.properties: warning: key 'A->B.topics' is written more than once;"
                + " the last value wins");
    assertThat(
            parsed.topology().flow(new FlowId("A", "B")).orElseThrow().topics().filter().include())
        .containsExactly("b");
  }

  @Test
  void customFilterClassesAndTransformsAreErrorsNotSilentDifferences() {
    assertThat(
            problems(
                twoClusters("topic.filter.class = com.acme.MyFilter", "A->B.transforms = mask")))
        .containsExactly(
            "topology.properties: key 'topic.filter.class' value 'com.acme.MyFilter' is not supported"
                + " (only MM2's default filter is supported; use topics, groups and their .exclude);"
                + " expected org.apache.kafka.connect.mirror.DefaultTopicFilter or DefaultTopicFilter",
            "topology.properties: key 'A->B.transforms' value 'mask' is not supported (Connect"
                + " transforms are not supported; kmirror copies records unchanged); expected no value");
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnceErrorsFirst() {
    assertThat(
            problems(
                "clusters = A, B",
                "A.bootstrap.servers = a:1",
                "A->B.enabled = maybe",
                "A->B.topics = [",
                "A->B.topcs = x",
                "tasks.max = -1"))
        .containsExactly(
            "topology.properties: key 'B.bootstrap.servers' is missing;"
                + " expected host:port[,host:port...] or 'embedded'",
            "topology.properties: key 'A->B.enabled' value 'maybe' is not a boolean;"
                + " expected true or false",
            "topology.properties: key 'A->B.topics' value '[' is not a valid regular expression"
                + " (Unclosed character class near index 0); expected a Java regex",
            "topology.properties: key 'tasks.max' value '-1' is not a valid task count;"
                + " expected a whole number from 1 to 64",
            "topology.properties: warning: key 'A->B.topcs' is not a known key;"
                + " did you mean 'A->B.topics'?");
  }

  @Test
  void secretValuesNeverAppearInProblems() {
    assertThat(
            problems(
                twoClusters(
                    "A->B.enabled = true", "A.ssl.keystore.password = hunter2", "tasks.max = 0")))
        .noneMatch(line -> line.contains("hunter2"));
    Problem problem = Problem.error("f", "A.sasl.jaas.config", "secret stuff", "is wrong");
    assertThat(problem.line()).isEqualTo("f: key 'A.sasl.jaas.config' value '[hidden]' is wrong");
  }

  @Test
  void aMissingFileIsOneLineNotAStackTrace(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    TopologyException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            TopologyException.class,
            () -> new TopologyParser(TopologyFiles.SHIPPED_DEFAULTS).parse(missing));

    assertThat(e.problems())
        .extracting(Problem::line)
        .containsExactly(
            missing + ": cannot be read (no such file); expected a readable MM2 properties file");
  }

  @Test
  void aBadDefaultFromTheEnvironmentNamesWhereItCameFrom() {
    com.typesafe.config.Config env =
        com.typesafe.config.ConfigFactory.parseMap(
                java.util.Map.of("kmirror.http.port", "abc"), "env variables")
            .withFallback(TopologyFiles.SHIPPED_DEFAULTS);
    TopologyException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            TopologyException.class,
            () ->
                new TopologyParser(env)
                    .parse(Path.of("t.properties"), String.join("\n", twoClusters())));

    assertThat(e.problems())
        .extracting(Problem::line)
        .containsExactly(
            "environment: key 'kmirror.http.port' value 'abc' is not a valid port;"
                + " expected a whole number from 0 to 65535");
  }
}

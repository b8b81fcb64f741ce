package io.kmirror.replicator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleTopicsTest {

  @Test
  void literalNamesAreTakenAsTheyAre() {
    assertThat(SampleTopics.from(List.of("orders", "payments", "orders.eu", "click_stream-v2")))
        .containsExactly("orders", "payments", "orders.eu", "click_stream-v2");
  }

  @Test
  void aPrefixPatternGivesItsLiteralStart() {
    assertThat(SampleTopics.from(List.of("orders.*", "payments-.*", "^audit.*")))
        .containsExactly("orders", "payments-", "audit");
  }

  @Test
  void escapedDotsBelongToTheName() {
    assertThat(SampleTopics.from(List.of("orders\\.eu\\..*"))).containsExactly("orders.eu.");
    assertThat(SampleTopics.from(List.of("orders\\.eu.*"))).containsExactly("orders.eu");
  }

  @Test
  void everyTopLevelAlternativeGivesAName() {
    assertThat(SampleTopics.from(List.of("orders.*|payments.*|customers")))
        .containsExactly("orders", "payments", "customers");
  }

  @Test
  void aCharacterMadeOptionalByAQuantifierIsLeftOut() {
    assertThat(SampleTopics.from(List.of("orderss?", "logs*", "ab{0,2}")))
        .containsExactly("orders", "log", "a");
  }

  @Test
  void patternsWithoutALiteralStartGiveNoName() {
    assertThat(SampleTopics.from(List.of(".*", "[a-z]+", "(orders|payments).*", "|"))).isEmpty();
  }

  @Test
  void aLiteralStartThatThePatternDoesNotMatchIsNoName() {
    // "orders" is not a match of orders.+ (one more character needed): no guessing.
    assertThat(SampleTopics.from(List.of("orders.+"))).isEmpty();
  }

  @Test
  void alternativesInsideGroupsAndClassesDoNotSplit() {
    assertThat(SampleTopics.alternatives("a(b|c)|[|x]|d\\|e"))
        .containsExactly("a(b|c)", "[|x]", "d\\|e");
  }

  @Test
  void duplicatesAreListedOnce() {
    assertThat(SampleTopics.from(List.of("orders.*", "orders", "orders.+")))
        .containsExactly("orders");
  }
}

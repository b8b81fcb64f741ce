package io.kmirror.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The plan failover prints before it commits anything, line by line. */
class PlanTableTest {

  private static final FlowId FLOW = new FlowId("primary", "dr");
  private static final Instant CUT = Instant.parse("2026-11-22T05:00:00Z");
  private static final TopicPartition P0 = new TopicPartition("orders", 0);
  private static final TopicPartition P1 = new TopicPartition("orders", 1);

  private static PlanRow row(
      String group, TopicPartition source, long committed, Long target, String note) {
    return new PlanRow(
        group,
        source,
        new TopicPartition("primary.orders", source.partition()),
        committed,
        "",
        target == null ? OptionalLong.empty() : OptionalLong.of(target),
        note.isEmpty(),
        note);
  }

  @Test
  void aLivePlanShowsEveryRowWhatTheTargetLacksAndTheRefusedGroups() {
    // Given a plan read from a reachable source, one group active on the target
    PlanBasis basis =
        new PlanBasis(
            CUT, true, "", Duration.ofSeconds(10), Optional.empty(), Map.of(P0, 0L, P1, 12L));
    FailoverPlan plan =
        new FailoverPlan(
            FLOW,
            basis,
            List.of("billing", "busy"),
            List.of(
                row("billing", P0, 357, 357L, ""),
                row(
                    "billing",
                    P1,
                    340,
                    330L,
                    "not yet replicated: mirrored up to source offset 330"),
                row("busy", P0, 5, 5L, "")),
            Map.of("busy", 2));

    // When it is printed, then it reads
    assertThat(PlanTable.lines(plan))
        .containsExactly(
            "plan primary->dr: committed offsets read from primary at 2026-11-22T05:00:00Z (the cut);"
                + " translated with kmirror's offset index on dr",
            "  group    topic on dr     partition  committed on primary  translated on dr  not yet on dr at cut"
                + "  translation",
            "  billing  primary.orders          0                   357               357                     0"
                + "  exact",
            "  billing  primary.orders          1                   340               330                    12"
                + "  not yet replicated: mirrored up to source offset 330",
            "  busy     primary.orders          0                     5                 5                     0"
                + "  refused: group active on dr",
            "refused: group busy has 2 active member(s) on dr; stop its consumers there first (nothing"
                + " committed for it)");
  }

  @Test
  void aPlanFromCheckpointsSaysTheSourceWasUnreachableAndAsOfWhen() {
    PlanBasis basis =
        new PlanBasis(
            CUT,
            false,
            "TimeoutException",
            Duration.ofSeconds(5),
            Optional.of(Instant.parse("2026-11-22T04:59:58Z")),
            Map.of());
    FailoverPlan plan =
        new FailoverPlan(
            FLOW, basis, List.of("audit"), List.of(row("audit", P0, 2, 2L, "")), Map.of());

    List<String> lines = PlanTable.lines(plan);

    assertThat(lines.get(0))
        .isEqualTo(
            "plan primary->dr: source primary UNREACHABLE within 5 s (TimeoutException); using the last"
                + " checkpoints on dr (as of 2026-11-22T04:59:58Z): a group that committed on primary after"
                + " that re-reads those records");
    assertThat(lines.get(2)).endsWith("2                 2                     ?  exact");
  }

  @Test
  void aFailbackPlanShowsTheReturnRowsBesideTheGroupsOtherRowsAndWhatTheReturnPathAssumed() {
    // Given failback dr->primary for a group on dr's own topic and on dr's copy of primary's
    FlowId back = new FlowId("dr", "primary");
    TopicPartition own = new TopicPartition("orders", 0);
    TopicPartition copy0 = new TopicPartition("primary.orders", 0);
    TopicPartition copy1 = new TopicPartition("primary.orders", 1);
    String beyond =
        "not exactly translatable: committed offset 999 is beyond 400, where the copy kmirror's"
            + " index has seen ends (source offset 400); the rest was copied after the mirror's"
            + " last mark, or is another writer's";
    PlanBasis basis =
        new PlanBasis(
            CUT, true, "", Duration.ofSeconds(10), Optional.empty(), Map.of(own, 0L, copy0, 0L));
    List<PlanRow> rows =
        List.of(
            new PlanRow(
                "billing",
                own,
                new TopicPartition("dr.orders", 0),
                40,
                "",
                OptionalLong.of(40),
                true,
                ""),
            new PlanRow("billing", copy0, P0, 357, "", OptionalLong.of(350), true, ""),
            new PlanRow("billing", copy1, P1, 999, "", OptionalLong.empty(), false, beyond));
    String note = "return path: f.properties has no flow primary->dr; ...";
    FailoverPlan plan =
        new FailoverPlan(back, basis, List.of("billing"), rows, Map.of(), List.of(note));

    // When it is printed, then the return rows land on primary's originals in the same table
    String format = "  %-7s  %-16s  %9s  %15s  %21s  %25s  %s";
    assertThat(PlanTable.lines(plan))
        .containsExactly(
            "plan dr->primary: committed offsets read from dr at 2026-11-22T05:00:00Z (the cut);"
                + " translated with kmirror's offset index on primary",
            note,
            String.format(
                format,
                "group",
                "topic on primary",
                "partition",
                "committed on dr",
                "translated on primary",
                "not yet on primary at cut",
                "translation"),
            String.format(format, "billing", "dr.orders", 0, 40, 40, 0, "exact"),
            String.format(format, "billing", "orders", 0, 357, 350, 0, "exact"),
            String.format(format, "billing", "orders", 1, 999, "-", "?", beyond));
  }
}

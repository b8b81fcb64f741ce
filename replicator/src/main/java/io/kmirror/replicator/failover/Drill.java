package io.kmirror.replicator.failover;

import io.kmirror.replicator.console.Polls;
import io.kmirror.replicator.failover.SourceWindow.Position;
import io.kmirror.replicator.mirror.FlowEndpoints;
import io.kmirror.replicator.offsets.OffsetIndex;
import io.kmirror.replicator.offsets.OffsetTopics;
import io.kmirror.replicator.offsets.OffsetTranslator;
import io.kmirror.replicator.topics.TopicFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A disaster-recovery drill on one flow A->B: reads where the groups stand on A (and the source
 * records there, while A is up), cuts A off ({@link Outage}: stops it, or only marks the moment on
 * live clusters), measures what B lacks (RPO), fails the groups over with {@link Failover}, starts
 * a verification consumer per group on B ({@link Verifier}) and measures the time from the cut to
 * every consumer resumed (RTO). Blocking; progress lines go to {@code out}.
 */
public final class Drill {

  /** What happens at the cut. */
  @FunctionalInterface
  public interface Outage {
    /** Takes the source away (embedded drill) or does nothing (live drill). */
    void cut() throws Exception;
  }

  /**
   * @param groups the groups to drill; empty for every group matching the flow's groups filter
   * @param sourceTimeout how long failover waits for the source before using checkpoints
   * @param timeout bound of each step on the target
   * @param mode {@code embedded} or {@code live}, for the report
   * @param realOutage whether the source is really gone after the cut (then the index is given a
   *     moment to settle before the RPO is read, and the source is not read again)
   */
  public record Settings(
      List<String> groups,
      Duration sourceTimeout,
      Duration timeout,
      String mode,
      boolean realOutage) {}

  private final FlowEndpoints endpoints;
  private final Settings settings;
  private final Consumer<String> out;
  private final long startNanos = System.nanoTime();

  public Drill(FlowEndpoints endpoints, Settings settings, Consumer<String> out) {
    this.endpoints = endpoints;
    this.settings = settings;
    this.out = out;
  }

  private void progress(String line) {
    out.accept(
        String.format(Locale.ROOT, "[%5.1f s] %s", (System.nanoTime() - startNanos) / 1e9, line));
  }

  public DrillReport run(Outage outage) throws Exception {
    String source = endpoints.flow().source();
    String target = endpoints.flow().target();
    Map<TopicPartition, Long> ends;
    Map<Position, List<RecordView>> windows;
    List<String> groups;
    RpoProbe rpo = new RpoProbe(endpoints, settings.timeout());
    try (Admin admin =
        Admin.create(BoundedAdmin.config(endpoints.sourceAdmin(), settings.timeout()))) {
      groups = groups(admin);
      if (groups.isEmpty()) {
        throw new IllegalStateException(
            "no consumer group on " + source + " to drill (the flow's groups filter passes none)");
      }
      progress("groups on " + source + ": " + String.join(", ", groups));
      windows =
          SourceWindow.read(
              endpoints.sourceConsumer(0), positions(admin, groups), settings.timeout());
      progress(
          "read the source records at every group's committed offset ("
              + windows.size()
              + " partitions)");
      ends = rpo.sourceEnds(admin);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "a drill reads the groups' positions and records on "
              + source
              + " before the cut, but "
              + source
              + " did not answer ("
              + Failures.describe(e)
              + "); in a real disaster use kmirror failover",
          e);
    }
    Instant cut = Instant.now();
    progress(
        "CUT at "
            + cut
            + (settings.realOutage() ? ": stopping " + source : " (" + source + " keeps running)"));
    outage.cut();
    // On live clusters the mirror keeps going: what B lacks must be read at once. After a real
    // outage nothing changes any more, so the RPO is read after the recovery, keeping its
    // measurement (and the wait for the index to settle) out of the RTO.
    List<TopicRpo> topics = settings.realOutage() ? List.of() : rpo(rpo, ends, cut);
    progress("failing over " + groups.size() + " group(s) to " + target);
    FailoverRequest request =
        new FailoverRequest(endpoints, groups, false, settings.sourceTimeout(), settings.timeout());
    Failover.Result failover = Failover.run(request, false, line -> progress("  " + line));
    if (!settings.realOutage()) {
      windows = completed(windows, failover.plan());
    }
    List<PartitionCheck> checks = verify(failover, windows);
    Instant resumed = Instant.now();
    progress(
        "every consumer resumed on "
            + target
            + ", "
            + Duration.between(cut, resumed).toMillis()
            + " ms after the cut");
    if (settings.realOutage()) {
      topics = rpo(rpo, ends, cut);
    }
    return new DrillReport(
        endpoints.flow().id(),
        settings.mode(),
        cut,
        resumed,
        failover.plan().basis(),
        topics,
        checks,
        failover.problems());
  }

  private List<TopicRpo> rpo(RpoProbe rpo, Map<TopicPartition, Long> ends, Instant cut)
      throws Exception {
    List<TopicRpo> topics = measureRpo(rpo, ends, cut);
    String target = endpoints.flow().target();
    topics.forEach(
        t ->
            progress(
                "RPO "
                    + t.topic()
                    + ": "
                    + t.records()
                    + " record(s) not on "
                    + target
                    + " at the cut, oldest "
                    + Seconds.format(t.seconds())
                    + " s"
                    + (t.exactAge() ? "" : " (upper bound)")));
    return topics;
  }

  private List<String> groups(Admin admin) throws Exception {
    if (!settings.groups().isEmpty()) {
      return settings.groups();
    }
    return admin
        .listGroups(ListGroupsOptions.forConsumerGroups())
        .all()
        .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .stream()
        .map(GroupListing::groupId)
        .filter(
            g -> !g.equals(endpoints.groupId()) && endpoints.flow().groups().filter().matches(g))
        .sorted()
        .toList();
  }

  /**
   * Every group's committed offset on every partition of a mirrored topic, read from the source.
   */
  private Set<Position> positions(Admin admin, List<String> groups) throws Exception {
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
    Set<Position> positions = new HashSet<>();
    if (groups.isEmpty()) {
      return positions;
    }
    TopicFilter filter = new TopicFilter(endpoints.flow(), OffsetTopics.policy(endpoints.flow()));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        admin
            .listConsumerGroupOffsets(specs)
            .all()
            .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    committed
        .values()
        .forEach(
            offsets ->
                offsets.forEach(
                    (tp, om) -> {
                      if (om != null && filter.mirrors(tp.topic())) {
                        positions.add(new Position(tp, om.offset()));
                      }
                    }));
    return positions;
  }

  /**
   * After a real outage the index may still receive the marks of records acknowledged just before
   * the cut: read it until two readings a second apart agree (at most 15 s), then measure.
   */
  private List<TopicRpo> measureRpo(RpoProbe rpo, Map<TopicPartition, Long> ends, Instant cut)
      throws Exception {
    try (OffsetTranslator translator = OffsetTranslator.open(endpoints)) {
      OffsetIndex index = translator.refresh(settings.timeout());
      if (settings.realOutage()) {
        ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kmirror-drill-rpo"));
        try {
          Settled settled = new Settled(rpo, translator, ends);
          Polls.until(scheduler, settled::check, Duration.ofSeconds(15), Duration.ofSeconds(1));
        } finally {
          scheduler.shutdownNow();
        }
        index = translator.refresh(settings.timeout());
      }
      return rpo.topics(index, ends, cut, !settings.realOutage());
    }
  }

  /** True once two readings of the index, one check interval apart, show the same lag. */
  private final class Settled {
    private final RpoProbe rpo;
    private final OffsetTranslator translator;
    private final Map<TopicPartition, Long> ends;
    private Map<TopicPartition, Long> before;

    Settled(RpoProbe rpo, OffsetTranslator translator, Map<TopicPartition, Long> ends) {
      this.rpo = rpo;
      this.translator = translator;
      this.ends = ends;
    }

    boolean check() throws Exception {
      Map<TopicPartition, Long> now = rpo.missing(translator.refresh(settings.timeout()), ends);
      boolean same = now.equals(before);
      before = now;
      return same;
    }
  }

  /** Live drill: the plan may show positions that moved after the first read; read those too. */
  private Map<Position, List<RecordView>> completed(
      Map<Position, List<RecordView>> windows, FailoverPlan plan) throws Exception {
    List<Position> missing =
        plan.rows().stream()
            .map(r -> new Position(r.source(), r.committed()))
            .filter(p -> !windows.containsKey(p))
            .toList();
    if (missing.isEmpty()) {
      return windows;
    }
    Map<Position, List<RecordView>> all = new HashMap<>(windows);
    all.putAll(SourceWindow.read(endpoints.sourceConsumer(0), missing, settings.timeout()));
    return all;
  }

  private List<PartitionCheck> verify(
      Failover.Result failover, Map<Position, List<RecordView>> windows) {
    List<PartitionCheck> checks = new ArrayList<>();
    FailoverPlan plan = failover.plan();
    for (String group : plan.groups()) {
      Optional<String> notMoved = notMoved(failover, group);
      if (notMoved.isPresent()) {
        // A group that did not fail over fails the drill: its consumers would have nowhere to go.
        progress("group " + group + " not verified: " + notMoved.get());
        plan.rows(group).forEach(r -> checks.add(failed(r, notMoved.get())));
        continue;
      }
      List<PlanRow> rows = plan.rows(group).stream().filter(PlanRow::committable).toList();
      try {
        List<PartitionCheck> found =
            Verifier.verify(endpoints, group, rows, windows, settings.timeout());
        progress(resumed(group, found));
        checks.addAll(found);
      } catch (RuntimeException e) {
        String why = "not verified: " + Failures.describe(e);
        progress("group " + group + " " + why);
        rows.forEach(r -> checks.add(failed(r, why)));
      }
      plan.rows(group).stream()
          .filter(r -> !r.committable())
          .forEach(r -> checks.add(failed(r, "not committed: " + r.note())));
    }
    return checks;
  }

  /** Why the group was not failed over, empty when it was. */
  private static Optional<String> notMoved(Failover.Result failover, String group) {
    FailoverPlan plan = failover.plan();
    if (plan.refused().containsKey(group)) {
      return Optional.of("refused: the group has active members on " + plan.flow().target());
    }
    if (plan.rows(group).stream().noneMatch(PlanRow::committable)) {
      return Optional.of("no partition could be translated");
    }
    return failover
        .commits()
        .getOrDefault(group, Optional.of("not committed"))
        .map(error -> "commit failed: " + error);
  }

  private static PartitionCheck failed(PlanRow row, String why) {
    return new PartitionCheck(
        row.group(),
        row.target(),
        row.committed(),
        OptionalLong.empty(),
        PartitionCheck.Match.NOT_FOUND,
        0,
        0,
        why);
  }

  private String resumed(String group, List<PartitionCheck> found) {
    long reRead = found.stream().mapToLong(PartitionCheck::reRead).sum();
    long skipped = found.stream().mapToLong(PartitionCheck::skipped).sum();
    boolean ok = found.stream().allMatch(PartitionCheck::passed);
    return "group "
        + group
        + " resumed on "
        + endpoints.flow().target()
        + ": "
        + found.size()
        + " partition(s), re-read "
        + reRead
        + ", skipped "
        + skipped
        + (ok ? "" : " (FAILED)");
  }
}

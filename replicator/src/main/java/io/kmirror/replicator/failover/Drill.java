package io.kmirror.replicator.failover;

import io.kmirror.replicator.flow.FlowEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A disaster-recovery drill on one flow A->B: reads where the groups stand on A (and the source
 * records there, while A is up: {@link SourceSnapshot}), cuts A off ({@link Outage}: stops it, or
 * only marks the moment on live clusters), measures what B lacks (RPO: {@link DrillRpo}), fails the
 * groups over with {@link Failover}, starts a verification consumer per group on B ({@link
 * DrillChecks}) and measures the time from the cut to every consumer resumed (RTO). Blocking;
 * progress lines go to {@code out}.
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
    RpoProbe probe = new RpoProbe(endpoints, settings.timeout());
    SourceSnapshot before = SourceSnapshot.read(endpoints, settings, probe, this::progress);
    DrillRpo rpo =
        new DrillRpo(endpoints, probe, settings.timeout(), settings.realOutage(), this::progress);
    Instant cut = Instant.now();
    progress(
        "CUT at "
            + cut
            + (settings.realOutage() ? ": stopping " + source : " (" + source + " keeps running)"));
    outage.cut();
    // On live clusters the mirror keeps going: what B lacks must be read at once. After a real
    // outage nothing changes any more, so the RPO is read after the recovery, keeping its
    // measurement (and the wait for the index to settle) out of the RTO.
    List<TopicRpo> topics = settings.realOutage() ? List.of() : rpo.measure(before.ends(), cut);
    progress("failing over " + before.groups().size() + " group(s) to " + target);
    FailoverRequest request =
        new FailoverRequest(
            endpoints, before.groups(), false, settings.sourceTimeout(), settings.timeout());
    Failover.Result failover = Failover.run(request, false, line -> progress("  " + line));
    SourceSnapshot snapshot =
        settings.realOutage()
            ? before
            : before.withPositionsOf(failover.plan(), endpoints, settings.timeout());
    List<PartitionCheck> checks =
        new DrillChecks(endpoints, settings.timeout(), this::progress)
            .verify(failover, snapshot.windows());
    Instant resumed = Instant.now();
    progress(
        "every consumer resumed on "
            + target
            + ", "
            + Duration.between(cut, resumed).toMillis()
            + " ms after the cut");
    if (settings.realOutage()) {
      topics = rpo.measure(before.ends(), cut);
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
}

package io.kmirror.replicator.failover;

import io.kmirror.replicator.console.Polls;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.offsets.OffsetTranslator;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When and how a drill reads its recovery point with {@link RpoProbe}, and the progress lines it
 * prints. After a real outage the index may still receive the marks of records acknowledged just
 * before the cut, so it is read until two readings a second apart agree (at most 15 s); on live
 * clusters it is read once, at once, since the mirror keeps going.
 */
final class DrillRpo {

  private final FlowEndpoints endpoints;
  private final RpoProbe probe;
  private final Duration timeout;
  private final boolean realOutage;
  private final Consumer<String> progress;

  /**
   * @param realOutage whether the source is gone: then the index is let settle, and the age of the
   *     oldest missing record is bounded from the target instead of read on the source
   */
  DrillRpo(
      FlowEndpoints endpoints,
      RpoProbe probe,
      Duration timeout,
      boolean realOutage,
      Consumer<String> progress) {
    this.endpoints = endpoints;
    this.probe = probe;
    this.timeout = timeout;
    this.realOutage = realOutage;
    this.progress = progress;
  }

  /**
   * Per mirrored topic, what the target lacked at {@code cut}, each printed as a progress line.
   *
   * @param ends the source's end offsets, read before the cut
   */
  List<TopicRpo> measure(Map<TopicPartition, Long> ends, Instant cut) throws Exception {
    List<TopicRpo> topics = read(ends, cut);
    String target = endpoints.flow().target();
    topics.forEach(
        t ->
            progress.accept(
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

  private List<TopicRpo> read(Map<TopicPartition, Long> ends, Instant cut) throws Exception {
    try (OffsetTranslator translator = OffsetTranslator.open(endpoints)) {
      OffsetIndex index = translator.refresh(timeout);
      if (realOutage) {
        ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kmirror-drill-rpo"));
        try {
          Settled settled = new Settled(translator, ends);
          Polls.until(scheduler, settled::check, Duration.ofSeconds(15), Duration.ofSeconds(1));
        } finally {
          scheduler.shutdownNow();
        }
        index = translator.refresh(timeout);
      }
      return probe.topics(index, ends, cut, !realOutage);
    }
  }

  /** True once two readings of the index, one check interval apart, show the same lag. */
  private final class Settled {
    private final OffsetTranslator translator;
    private final Map<TopicPartition, Long> ends;
    private Map<TopicPartition, Long> before;

    Settled(OffsetTranslator translator, Map<TopicPartition, Long> ends) {
      this.translator = translator;
      this.ends = ends;
    }

    boolean check() throws TimeoutException {
      Map<TopicPartition, Long> now = probe.missing(translator.refresh(timeout), ends);
      boolean same = now.equals(before);
      before = now;
      return same;
    }
  }
}

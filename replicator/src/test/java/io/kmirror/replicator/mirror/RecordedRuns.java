package io.kmirror.replicator.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * An offset-mapping sink for tests: records every run as {@code "topicId from source->target"}, and
 * answers progress writes with gates in the state the test sets.
 */
final class RecordedRuns implements OffsetMappingSink {

  final List<String> runs = new ArrayList<>();
  ProgressGate.State gate = ProgressGate.State.ACKNOWLEDGED;
  int gatesOpened;

  @Override
  public void mapped(TopicPartition source, long sourceOffset, long targetOffset) {
    throw new AssertionError("the five-argument form is the one called");
  }

  @Override
  public void mapped(
      TopicPartition source, String topicId, long from, long sourceOffset, long targetOffset) {
    runs.add(topicId + " " + from + " " + sourceOffset + "->" + targetOffset);
  }

  @Override
  public ProgressGate beginProgress(Map<TopicPartition, HighWater> progress) {
    gatesOpened++;
    return new ProgressGate() {
      @Override
      public State state() {
        return gate;
      }

      @Override
      public State await() {
        return gate == State.PENDING ? State.FAILED : gate;
      }
    };
  }
}

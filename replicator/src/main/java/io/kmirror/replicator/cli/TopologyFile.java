package io.kmirror.replicator.cli;

import com.typesafe.config.ConfigFactory;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.ProviderSources;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The {@code FILE} argument every command that reads a topology shares: {@code @Mixin TopologyFile
 * file;} then {@code file.parse()}. An invalid file throws {@link
 * io.kmirror.topology.TopologyException}, which the command line prints line by line, exit 2.
 */
public final class TopologyFile {

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "the topology: an MM2 dedicated-mode properties file")
  private Path file;

  /**
   * Reads and validates the file; kmirror's defaults come from reference.conf and environment. The
   * file's class policy then applies to every Kafka client the process builds ({@link
   * ClientClassPolicy}).
   */
  public ParsedTopology parse() {
    return ClientClassPolicy.apply(new TopologyParser().parse(file));
  }

  /** As {@link #parse()}, checking config-provider references for syntax only. */
  public ParsedTopology parseWithoutFollowingReferences() {
    return ClientClassPolicy.apply(
        new TopologyParser(ConfigFactory.load(), ProviderSources.notFollowed()).parse(file));
  }

  public Path path() {
    return file;
  }
}

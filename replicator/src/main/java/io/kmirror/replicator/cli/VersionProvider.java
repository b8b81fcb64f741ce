package io.kmirror.replicator.cli;

import io.kmirror.replicator.metrics.BuildVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code kmirror --version}: the project version recorded in the jar, and the Kafka version. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "kmirror " + BuildVersion.current().orElse("(development build)"),
      "Kafka clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
    };
  }
}

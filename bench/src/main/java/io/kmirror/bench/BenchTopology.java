package io.kmirror.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MM2 dedicated-mode properties file every contender reads: clusters A and B, one flow A->B of
 * the benchmark topic. Single-broker clusters need replication factor 1 for every topic MM2
 * creates, its Connect storage topics included; kmirror accepts and ignores the Connect ones.
 */
final class BenchTopology {

  private BenchTopology() {}

  static Map<String, String> base(String sourceBootstrap, String targetBootstrap, String topic) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("clusters", "A, B");
    p.put("A.bootstrap.servers", sourceBootstrap);
    p.put("B.bootstrap.servers", targetBootstrap);
    p.put("A->B.enabled", "true");
    p.put("A->B.topics", topic);
    p.put("B->A.enabled", "false");
    p.put("replication.factor", "1");
    p.put("checkpoints.topic.replication.factor", "1");
    p.put("heartbeats.topic.replication.factor", "1");
    p.put("offset-syncs.topic.replication.factor", "1");
    p.put("offset.storage.replication.factor", "1");
    p.put("config.storage.replication.factor", "1");
    p.put("status.storage.replication.factor", "1");
    return p;
  }

  static Path write(Path dir, String name, Map<String, String> base, Map<String, String> extra) {
    StringBuilder text = new StringBuilder("# written by kmirror's MirrorBenchmark\n");
    base.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    new TreeMap<>(extra).forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".properties");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Log4j 2 configuration for MM2: warnings only, to its log file. */
  static Path mm2Log4j(Path dir) {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Configuration status="WARN">
          <Appenders>
            <Console name="out" target="SYSTEM_OUT">
              <PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n"/>
            </Console>
          </Appenders>
          <Loggers>
            <Root level="WARN"><AppenderRef ref="out"/></Root>
          </Loggers>
        </Configuration>
        """;
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("mm2-log4j2.xml");
      Files.writeString(file, xml, StandardCharsets.UTF_8);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

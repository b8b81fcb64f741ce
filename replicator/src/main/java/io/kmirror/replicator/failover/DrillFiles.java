package io.kmirror.replicator.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A drill report on disk: {@code BASE.md} for the people who sign the DR test off, {@code
 * BASE.json} for scripts. Apart from {@link DrillReport}, so the report knows nothing of how it is
 * rendered.
 */
public final class DrillFiles {

  private DrillFiles() {}

  /** Writes {@code base.md} and {@code base.json}; returns the two paths. */
  public static List<Path> write(DrillReport report, Path base) throws IOException {
    Path md = base.resolveSibling(base.getFileName() + ".md");
    Path json = base.resolveSibling(base.getFileName() + ".json");
    Optional.ofNullable(md.toAbsolutePath().getParent()).ifPresent(DrillFiles::mkdirs);
    Files.writeString(md, DrillMarkdown.render(report), StandardCharsets.UTF_8);
    Files.writeString(json, report.json().encodePrettily() + "\n", StandardCharsets.UTF_8);
    return List.of(md, json);
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.ottplatform.media.origin;

import io.ottplatform.media.engine.FfmpegEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The origin as a local folder, laid out so that {@code <root>/<titleId>/master.m3u8} is what serving-api reads:
 *
 * <pre>
 * root/.staging/&lt;titleId&gt;-&lt;jobId&gt;-&lt;n&gt;/    an attempt of a job writes here
 * root/.versions/&lt;titleId&gt;/&lt;jobId&gt;/      published versions (renamed from staging: same file system, atomic)
 * root/&lt;titleId&gt; -&gt; .versions/&lt;titleId&gt;/&lt;jobId&gt;   a symbolic link, replaced by rename(2): the atomic switch
 * </pre>
 *
 * The version before the current one is kept (players in the middle of it finish); older ones are deleted.
 * A title folder packaged by hand before this pipeline (a real directory) is moved into {@code .versions} once.
 */
public final class LocalOrigin implements Origin {

  static final String JOB_MARKER = ".job-id";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Path root;

  public LocalOrigin(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * A fresh folder per attempt ({@code <titleId>-<jobId>-<random>}). Folders of earlier attempts of the same job
   * are deleted first: a worker killed with -9 leaves its FFmpeg child running as an orphan, which then fails on
   * its next segment instead of writing into this attempt's folder.
   */
  @Override
  public Path stage(String titleId, String jobId) {
    String prefix = TitleIds.check(titleId) + "-" + TitleIds.check(jobId) + "-";
    Path staging = root.resolve(".staging");
    try {
      Files.createDirectories(staging);
      try (Stream<Path> earlier = Files.list(staging)) {
        earlier.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
            .forEach(FfmpegEngine::deleteRecursively);
      }
      return Files.createDirectory(staging.resolve(prefix + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a staging folder in " + staging, e);
    }
  }

  @Override
  public synchronized void publish(String titleId, String jobId, Path staged) {
    TitleIds.check(titleId);
    TitleIds.check(jobId);
    Path versions = root.resolve(".versions").resolve(titleId);
    Path version = versions.resolve(jobId);
    Path link = root.resolve(titleId);
    if (publishedJob(titleId).filter(jobId::equals).isPresent()) {
      discard(staged); // two workers did the same job (a rebalance mid-encode): the first publish stands
      return;
    }
    try {
      Files.writeString(staged.resolve(JOB_MARKER), jobId + "\n", StandardCharsets.UTF_8);
      Files.createDirectories(versions);
      FfmpegEngine.deleteRecursively(version); // left by a publish that crashed before its switch: never served
      Files.move(staged, version, StandardCopyOption.ATOMIC_MOVE);
      if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(link, versions.resolve("handmade-" + System.currentTimeMillis()), StandardCopyOption.ATOMIC_MOVE);
      }
      Optional<Path> previous = currentTarget(link);
      Path tmpLink = root.resolve(".staging").resolve(titleId + "-" + jobId + ".link");
      Files.deleteIfExists(tmpLink);
      Files.createSymbolicLink(tmpLink, root.relativize(version));
      Files.move(tmpLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      pruneVersions(versions, version, previous.orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish job " + jobId + " of title " + titleId + " from " + staged, e);
    }
  }

  @Override
  public void discard(Path staged) {
    FfmpegEngine.deleteRecursively(staged);
  }

  @Override
  public Optional<String> publishedJob(String titleId) {
    Path marker = root.resolve(TitleIds.check(titleId)).resolve(JOB_MARKER);
    try {
      return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8).trim()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + marker, e);
    }
  }

  @Override
  public Path titleDir(String titleId) {
    return root.resolve(TitleIds.check(titleId));
  }

  private Optional<Path> currentTarget(Path link) throws IOException {
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    return Optional.of(root.resolve(Files.readSymbolicLink(link)).normalize());
  }

  private static void pruneVersions(Path versions, Path current, Path previous) throws IOException {
    List<Path> old;
    try (Stream<Path> list = Files.list(versions)) {
      old = list.filter(p -> !p.equals(current) && !p.equals(previous)).sorted(Comparator.naturalOrder()).toList();
    }
    old.forEach(FfmpegEngine::deleteRecursively);
  }
}

package io.ottplatform.media.worker;

import io.ottplatform.media.EncodeRequest;
import io.ottplatform.media.packaging.Subtitle;
import io.ottplatform.media.probe.InvalidMediaException;
import io.ottplatform.schemas.avro.MediaEncryption;
import io.ottplatform.schemas.avro.MediaJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code media.jobs} record as a pipeline request. {@code source_uri} is a {@code file:} URI or a plain path
 * (other schemes, such as an object store, are not read yet). Encryption {@code AES_128} or {@code CENC} makes the
 * title encrypted in both forms (HLS AES-128 and DASH CENC): one title is served to both kinds of player.
 * Subtitles ride beside the source as {@code <name>.<lang>.srt}.
 */
public final class JobRequests {

  private static final Pattern SIDECAR = Pattern.compile("\\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\\.srt$");

  private JobRequests() {}

  public static EncodeRequest from(MediaJob job) {
    Path source = sourcePath(job.getSourceUri());
    boolean encrypted = job.getEncryption() == MediaEncryption.AES_128 || job.getEncryption() == MediaEncryption.CENC;
    return new EncodeRequest(job.getJobId(), job.getTitleId(), source, job.getLadder(), encrypted, sidecars(source));
  }

  static Path sourcePath(String uri) {
    if (uri.startsWith("file:")) {
      return Path.of(URI.create(uri));
    }
    if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      throw new InvalidMediaException("source " + uri + ": only file: URIs and paths are read by this worker");
    }
    return Path.of(uri);
  }

  static List<Subtitle> sidecars(Path source) {
    Path dir = source.toAbsolutePath().getParent();
    String base = source.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    List<Subtitle> subs = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return subs;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        Matcher m = SIDECAR.matcher(name);
        if (name.startsWith(base + ".") && m.find() && name.length() == base.length() + m.group().length()) {
          subs.add(new Subtitle(p, m.group(1)));
        }
      }
    } catch (IOException e) {
      return subs;
    }
    return subs;
  }
}

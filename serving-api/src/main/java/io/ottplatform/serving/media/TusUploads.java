package io.ottplatform.serving.media;

import io.ottplatform.schemas.avro.MediaEncryption;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.Ids;
import io.ottplatform.serving.media.db.MediaJobDao;
import io.ottplatform.serving.media.db.MediaJobOutboxDao;
import io.ottplatform.serving.media.db.UploadDao;
import io.ottplatform.serving.media.db.UploadDao.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * tus 1.0 uploads of source files (core, creation, expiration, checksum). The data of upload {@code id} is
 * {@code <uploads>/<id>/<filename>}; its size is the upload offset, so whatever arrived before a dropped
 * connection counts and the client resumes from HEAD's offset. A PATCH with {@code Upload-Checksum} is staged
 * beside it and appended only when the digest matches (460 otherwise, nothing kept). The last byte turns the
 * upload into a {@code media.jobs} record through the outbox, in the transaction that marks it finished.
 *
 * <p>Patches of one upload are serialised in this process (a lock per id); one serving-api instance owns an
 * upload's folder, as the upload directory is local.
 */
public final class TusUploads {

  /** What HEAD and PATCH answer: the offset, the length and until when an unfinished upload is kept. */
  public record State(long offset, long length, Instant expiresAt, boolean finished) {}

  private final UploadDao uploads;
  private final MediaJobOutboxDao jobs;
  private final MediaJobDao jobStates;
  private final Path directory;
  private final long maxBytes;
  private final Duration expiry;
  private final String ladder;
  private final MediaEncryption encryption;
  private final Clock clock;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public TusUploads(UploadDao uploads, MediaJobOutboxDao jobs, MediaJobDao jobStates, Path directory, long maxBytes, Duration expiry,
      String ladder, MediaEncryption encryption, Clock clock) {
    this.uploads = uploads;
    this.jobs = jobs;
    this.jobStates = jobStates;
    this.directory = directory.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    this.expiry = expiry;
    this.ladder = ladder;
    this.encryption = encryption;
    this.clock = clock;
  }

  public long maxBytes() { return maxBytes; }

  public Path directory() { return directory; }

  /** POST: a new upload of {@code length} bytes for the title; returns its id. */
  public Upload create(String titleId, String filename, long length, String accountId) {
    if (length < 0) {
      throw ApiException.badRequest("bad_upload_length", "Upload-Length " + length + " is negative");
    }
    if (length > maxBytes) {
      throw new ApiException(413, "upload_too_large",
          "Upload-Length " + length + " is over the limit of " + maxBytes + " bytes (Tus-Max-Size)");
    }
    if (titleId == null || titleId.isBlank()) {
      throw ApiException.badRequest("missing_title", "Upload-Metadata needs titleId (base64) naming the title");
    }
    if (!uploads.titleExists(titleId)) {
      throw ApiException.notFound("title", titleId);
    }
    String name = safeFilename(filename);
    Instant now = clock.instant();
    Upload u = new Upload(Ids.newId("up"), titleId, name, length, accountId, now.plus(expiry), null);
    try {
      Files.createDirectories(folder(u.id()));
      Files.createFile(dataFile(u));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the upload's file under " + directory, e);
    }
    uploads.create(u, now);
    if (length == 0) {
      finish(u);
    }
    return u;
  }

  /** HEAD: where the upload stands; 404 for an unknown id, 410 for an expired one. */
  public State state(String id) {
    Upload u = live(id);
    return new State(offset(u), u.length(), u.expiresAt(), u.completedAt() != null);
  }

  /**
   * PATCH: appends the body at {@code offset}. A dropped connection keeps what arrived (no checksum) and
   * rethrows; a checksum mismatch keeps nothing.
   */
  public State append(String id, long offset, InputStream body, Checksum checksum) throws IOException {
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      Upload u = live(id);
      long current = offset(u);
      if (u.completedAt() != null || offset != current) {
        throw new ApiException(409, "offset_mismatch",
            "Upload-Offset " + offset + " is not the upload's offset " + current);
      }
      long room = u.length() - current;
      Path target = dataFile(u);
      Path staged = checksum == null ? target : folder(id).resolve(".patch");
      MessageDigest digest = checksum == null ? null : checksum.newDigest();
      long written = 0;
      IOException dropped = null;
      try (OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          checksum == null ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buf = new byte[64 * 1024];
        int n;
        try {
          while ((n = body.read(buf)) > 0) {
            if (written + n > room) {
              throw new ApiException(413, "upload_too_large",
                  "the patch goes past Upload-Length " + u.length() + " (offset " + current + ")");
            }
            out.write(buf, 0, n);
            if (digest != null) {
              digest.update(buf, 0, n);
            }
            written += n;
          }
        } catch (IOException e) {
          dropped = e;
        }
      } catch (ApiException e) {
        truncate(target, current);
        throw e;
      }
      if (checksum != null) {
        try {
          if (dropped != null || !MessageDigest.isEqual(digest.digest(), checksum.expected())) {
            if (dropped != null) {
              throw dropped;
            }
            throw new ApiException(460, "checksum_mismatch",
                "Upload-Checksum " + checksum.algorithm() + " does not match the " + written + " bytes received");
          }
          try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.APPEND)) {
            Files.copy(staged, out);
          }
        } finally {
          Files.deleteIfExists(staged);
        }
      }
      if (dropped != null) {
        throw dropped;
      }
      Instant expires = clock.instant().plus(expiry);
      uploads.extend(id, expires);
      long now = current + written;
      boolean finished = now == u.length() && finish(u);
      return new State(now, u.length(), expires, finished);
    }
  }

  /** Removes every unfinished upload whose expiry has passed, row and data; returns how many. */
  public int cleanExpired() {
    int removed = 0;
    for (String id : uploads.expired(clock.instant())) {
      synchronized (locks.computeIfAbsent(id, k -> new Object())) {
        uploads.delete(id);
        deleteFolder(folder(id));
        locks.remove(id);
        removed++;
      }
    }
    return removed;
  }

  public Path dataFile(Upload u) {
    return folder(u.id()).resolve(u.filename());
  }

  private boolean finish(Upload u) {
    Instant now = clock.instant();
    return uploads.jdbi().inTransaction(h -> {
      if (!uploads.complete(h, u.id(), now)) {
        return false;
      }
      jobs.append(h, MediaJob.newBuilder().setJobId(u.id()).setTitleId(u.titleId())
          .setSourceUri(dataFile(u).toUri().toString()).setLadder(ladder).setEncryption(encryption)
          .setRequestedBy(u.createdBy()).setRequestedAt(now).build());
      jobStates.queued(h, u.id(), u.titleId(), now);
      return true;
    });
  }

  private Upload live(String id) {
    Upload u = uploads.find(id).orElseThrow(() -> ApiException.notFound("upload", id));
    if (u.completedAt() == null && !u.expiresAt().isAfter(clock.instant())) {
      throw new ApiException(410, "upload_expired", "upload " + id + " expired at " + u.expiresAt());
    }
    return u;
  }

  private long offset(Upload u) {
    try {
      return Files.size(dataFile(u));
    } catch (IOException e) {
      throw new ApiException(410, "upload_gone", "the data of upload " + u.id() + " is gone");
    }
  }

  private Path folder(String id) {
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw ApiException.notFound("upload", id);
    }
    return directory.resolve(id);
  }

  private static void truncate(Path file, long size) throws IOException {
    try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  private static void deleteFolder(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove expired upload folder " + dir, e);
    }
  }

  /** The file name the editor gave, reduced to a safe single path segment (the worker sees its extension). */
  static String safeFilename(String filename) {
    String name = filename == null ? "" : filename.replaceAll(".*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
    name = name.replaceFirst("^\\.+", "");
    if (name.isEmpty()) {
      return "source";
    }
    return name.length() > 120 ? name.substring(name.length() - 120) : name;
  }

  /** {@code Upload-Checksum: <algorithm> <base64 digest>}; only sha1 is offered (Tus-Checksum-Algorithm). */
  public record Checksum(String algorithm, byte[] expected) {

    public static Checksum parse(String header) {
      if (header == null || header.isBlank()) {
        return null;
      }
      String[] parts = header.trim().split("\\s+");
      if (parts.length != 2) {
        throw ApiException.badRequest("bad_checksum", "Upload-Checksum '" + header + "' is not '<algorithm> <base64>'");
      }
      if (!parts[0].equals("sha1")) {
        throw ApiException.badRequest("unsupported_checksum",
            "Upload-Checksum algorithm '" + parts[0] + "' is not supported (Tus-Checksum-Algorithm: sha1)");
      }
      try {
        return new Checksum(parts[0], java.util.Base64.getDecoder().decode(parts[1]));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("bad_checksum", "Upload-Checksum digest '" + parts[1] + "' is not base64");
      }
    }

    MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance("SHA-1");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package io.ottplatform.local.demo;

import io.ottplatform.local.PlatformException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * An editor's tus 1.0 upload to serving-api ({@code /v1/admin/uploads}, docs/media.md "Upload"), as a CMS would
 * send one: POST with the title in {@code Upload-Metadata}, then PATCHes of {@link #CHUNK} bytes, each with its sha1
 * {@code Upload-Checksum}. A PATCH that fails on the wire is resumed from the offset HEAD reports, a few times.
 */
final class TusUploader {

  static final int CHUNK = 4 * 1024 * 1024;
  private static final int RESUMES = 3;

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  TusUploader(URI base, String editorToken) {
    this.base = base;
    this.token = editorToken;
  }

  /** Uploads {@code file} for {@code titleId}; returns the upload id, which is the media job's id. */
  String upload(Path file, String titleId) {
    long length = size(file);
    HttpResponse<String> created = send(request(base.resolve("/v1/admin/uploads"))
        .header("Upload-Length", Long.toString(length))
        .header("Upload-Metadata", "titleId " + b64(titleId) + ",filename " + b64(file.getFileName().toString()))
        .POST(HttpRequest.BodyPublishers.noBody()), "POST /v1/admin/uploads for " + titleId);
    if (created.statusCode() != 201 || created.headers().firstValue("Location").isEmpty()) {
      throw new PlatformException("tus POST /v1/admin/uploads for " + titleId + " answered " + created.statusCode()
          + ": " + created.body());
    }
    URI location = URI.create(created.headers().firstValue("Location").get());
    long offset = 0;
    int resumes = 0;
    while (offset < length) {
      byte[] chunk = read(file, offset, (int) Math.min(CHUNK, length - offset));
      HttpResponse<String> patched;
      try {
        patched = http.send(request(location).header("Content-Type", "application/offset+octet-stream")
            .header("Upload-Offset", Long.toString(offset)).header("Upload-Checksum", "sha1 " + sha1(chunk))
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (++resumes > RESUMES) {
          throw new PlatformException("tus PATCH of " + file + " failed " + resumes + " times, last: " + e.getMessage(), e);
        }
        offset = headOffset(location);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PlatformException("interrupted while uploading " + file, e);
      }
      if (patched.statusCode() != 204) {
        throw new PlatformException("tus PATCH of " + file + " at offset " + offset + " answered " + patched.statusCode()
            + ": " + patched.body());
      }
      offset = Long.parseLong(patched.headers().firstValue("Upload-Offset").orElse(Long.toString(offset + chunk.length)));
    }
    String path = location.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private long headOffset(URI location) {
    HttpResponse<String> head = send(request(location).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        "HEAD " + location.getPath());
    return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow(() -> new PlatformException(
        "tus HEAD " + location.getPath() + " answered " + head.statusCode() + " without Upload-Offset")));
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0");
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PlatformException(what + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted during " + what, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new PlatformException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file, long offset, int length) {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offset);
      return in.readNBytes(length);
    } catch (IOException e) {
      throw new PlatformException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha1(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

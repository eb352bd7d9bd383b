package io.ottplatform.e2e.playback;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * An editor's tus 1.0 client against serving-api's {@code /v1/admin/uploads} (docs/media.md "Upload"): creation,
 * PATCH with an sha1 {@code Upload-Checksum}, HEAD for the offset to resume from, and a PATCH whose connection drops
 * part way (a raw socket closed after some of the announced bytes), as on a flaky link.
 */
final class TusClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  TusClient(String base, String editorToken) {
    this.base = base;
    this.token = editorToken;
  }

  /** POST: a new upload of {@code length} bytes for the title; its Location. */
  String create(long length, String titleId, String filename) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request(base + "/v1/admin/uploads")
        .header("Upload-Length", Long.toString(length))
        .header("Upload-Metadata", "titleId " + b64(titleId) + ",filename " + b64(filename))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new AssertionError("tus POST for " + titleId + ": expected 201, got " + r.statusCode() + " " + r.body());
    }
    return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("tus POST: 201 without Location"));
  }

  /** HEAD: the bytes the server holds. */
  long offset(String location) throws IOException, InterruptedException {
    HttpResponse<Void> r = HTTP.send(request(location).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new AssertionError("tus HEAD " + location + ": expected 200, got " + r.statusCode());
    }
    return Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
  }

  /** PATCH at {@code offset} with the chunk's sha1; the answer (204 with the new Upload-Offset when accepted). */
  HttpResponse<String> patch(String location, long offset, byte[] chunk) throws IOException, InterruptedException {
    return HTTP.send(request(location).header("Content-Type", "application/offset+octet-stream")
        .header("Upload-Offset", Long.toString(offset)).header("Upload-Checksum", "sha1 " + sha1(chunk))
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A PATCH from offset 0 announcing all of {@code data} whose connection is closed after {@code sent} bytes. */
  void patchThenDrop(String location, byte[] data, int sent) throws IOException {
    URI uri = URI.create(location);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
          + "Authorization: Bearer " + token + "\r\nTus-Resumable: 1.0.0\r\n"
          + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
          + "Content-Length: " + data.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(data, 0, sent);
      out.flush();
    }
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0");
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

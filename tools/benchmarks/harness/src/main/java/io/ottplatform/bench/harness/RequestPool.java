package io.ottplatform.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-built requests the load generator cycles through (many viewers' tokens, many sessions' batches),
 * as a file: one request per line, {@code METHOD <TAB> path?query <TAB> bearer token or - <TAB> weight
 * <TAB> body (one line, may be empty)}. The weight is what a successful answer counts for (events in an
 * ingest batch; 1 otherwise).
 */
public final class RequestPool {

  /** One request of the pool. */
  public record Request(String method, String path, String token, int weight, String body) {

    public Request {
      if (path.contains("\t") || path.contains("\n") || body.contains("\n") || body.contains("\t") || token.contains("\t")) {
        throw new IllegalArgumentException("a pooled request's path, token and body are one line without tabs: " + path);
      }
    }

    public static Request get(String path, String token) {
      return new Request("GET", path, token, 1, "");
    }
  }

  private RequestPool() {}

  public static Path write(Path file, List<Request> requests) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Request r : requests) {
      sb.append(r.method()).append('\t').append(r.path()).append('\t').append(r.token() == null ? "-" : r.token())
          .append('\t').append(r.weight()).append('\t').append(r.body()).append('\n');
    }
    Files.writeString(file, sb);
    return file;
  }

  public static List<Request> read(Path file) throws IOException {
    List<Request> requests = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", 5);
      if (f.length < 4) {
        throw new IllegalArgumentException(file + ": expected METHOD, path, token, weight[, body]: " + line);
      }
      requests.add(new Request(f[0], f[1], f[2], Integer.parseInt(f[3]), f.length == 5 ? f[4] : ""));
    }
    if (requests.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no requests");
    }
    return requests;
  }

  /** The request's bytes on the wire (HTTP/1.1, keep-alive) to {@code base}'s host. */
  static byte[] encode(Request r, URI base, String extraHeaders) {
    StringBuilder sb = new StringBuilder(r.method()).append(' ').append(r.path()).append(" HTTP/1.1\r\nHost: ")
        .append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
    if (r.token() != null && !r.token().equals("-")) {
      sb.append("Authorization: Bearer ").append(r.token()).append("\r\n");
    }
    sb.append(extraHeaders);
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    if (!r.method().equals("GET")) {
      sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    sb.append("\r\n");
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }
}

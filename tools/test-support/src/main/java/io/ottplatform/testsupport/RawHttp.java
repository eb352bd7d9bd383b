package io.ottplatform.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, bytes exactly as given: what a fuzzer needs and
 * {@code java.net.http} refuses to send (a malformed percent escape, a control character in the target, any
 * method name, a Content-Length that lies).
 */
public final class RawHttp {

  /** The answer: status, the header block as text (names lower-cased), the body as UTF-8 text. */
  public record Answer(int status, String headers, String body) {
    public String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  public Answer send(String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
          .getBytes(StandardCharsets.UTF_8));
      boolean lengthGiven = false;
      for (Map.Entry<String, String> h : headers.entrySet()) {
        lengthGiven |= h.getKey().equalsIgnoreCase("Content-Length");
        request.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!lengthGiven && body != null) {
        request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        request.write(body);
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return parse(readAll(socket.getInputStream()), method);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // a reset after the answer (the server closed with request bytes unread): the answer is what counts
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static Answer parse(byte[] raw, String method) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IllegalStateException("not an HTTP answer to " + method + ": "
          + text.substring(0, Math.min(200, text.length())));
    }
    int status = Integer.parseInt(text.substring(9, 12));
    String headers = text.substring(text.indexOf("\r\n") + 2, end);
    String body = text.substring(end + 4);
    if ("chunked".equals(headerValue(headers, "transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static String headerValue(String headers, String name) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      // sizes count bytes; the bodies here are ASCII JSON, so characters serve
      int start = lineEnd + 2;
      out.append(chunked, start, Math.min(chunked.length(), start + size));
      at = start + size + 2;
    }
    return out.toString();
  }
}

package io.ottplatform.ingest.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body whole, bounded in size after decompression (so a small gzip bomb is refused too):
 * the part of reading a body that the JSON batches and the CMCD reports share.
 */
public final class RequestBody {

  private final long maxBytes;

  public RequestBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The body's bytes (empty when there is none), after gzip when {@code Content-Encoding} says so. */
  public byte[] read(String contentEncoding, String contentLength, InputStream body) throws IngestRefusal {
    boolean gzip = checkEncoding(contentEncoding);
    long declared = -1;
    if (contentLength != null) {
      try {
        declared = Long.parseLong(contentLength.trim());
      } catch (NumberFormatException e) {
        throw new IngestRefusal(400, "bad_content_length", "Content-Length is not a number: " + contentLength);
      }
      if (declared > maxBytes) {
        throw tooLarge();
      }
    }
    return gzip || declared < 0 ? readBounded(body, gzip) : readExactly(body, (int) declared);
  }

  private static boolean checkEncoding(String encoding) throws IngestRefusal {
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return false;
    }
    if (encoding.trim().equalsIgnoreCase("gzip")) {
      return true;
    }
    throw new IngestRefusal(415, "unsupported_encoding",
        "Content-Encoding " + encoding.trim() + " is not supported; send gzip or no encoding");
  }

  private byte[] readBounded(InputStream body, boolean gzip) throws IngestRefusal {
    if (body == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    try (InputStream in = gzip ? new GZIPInputStream(body, 8192) : body) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > maxBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    } catch (IngestRefusal e) {
      throw e;
    } catch (IOException e) {
      throw new IngestRefusal(400, gzip ? "bad_gzip" : "unreadable_body",
          (gzip ? "the body is not valid gzip: " : "the body could not be read: ") + e.getMessage());
    }
    return out.toByteArray();
  }

  /** A plain body of a declared length (within the limit): one array, no copies. */
  private static byte[] readExactly(InputStream body, int length) throws IngestRefusal {
    if (body == null) {
      return new byte[0];
    }
    try {
      byte[] bytes = body.readNBytes(length);
      if (bytes.length < length) {
        throw new IngestRefusal(400, "unreadable_body",
            "the body ended after " + bytes.length + " of the " + length + " bytes of its Content-Length");
      }
      return bytes;
    } catch (IOException e) {
      throw new IngestRefusal(400, "unreadable_body", "the body could not be read: " + e.getMessage());
    }
  }

  private IngestRefusal tooLarge() {
    return new IngestRefusal(413, "body_too_large",
        "the body is larger than " + maxBytes + " bytes (after decompression); send smaller batches");
  }
}

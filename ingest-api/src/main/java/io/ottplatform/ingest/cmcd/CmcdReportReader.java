package io.ottplatform.ingest.cmcd;

import io.ottplatform.ingest.core.IngestRefusal;
import io.ottplatform.ingest.core.RequestBody;
import io.ottplatform.ingest.sfv.Member;
import io.ottplatform.ingest.sfv.StructuredFieldException;
import io.ottplatform.ingest.sfv.StructuredFields;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the CMCD reports of a request: a body of {@code application/cmcd} (CTA-5004-B event mode: one RFC 8941
 * Dictionary per line, as CML's reporter posts them) or the one report of a {@code ?CMCD=} query. Each line is
 * parsed on its own, so a malformed line is refused by its number while the other lines still count.
 */
public final class CmcdReportReader {

  /** A report that parsed, by its line number (from 1; the query's report is line 1). */
  public record Line(int number, Map<String, Member> report) {}

  /** The reports that parsed, and the lines that did not. */
  public record Reports(List<Line> lines, List<CmcdRejection> rejected) {
    public int count() {
      return lines.size() + rejected.size();
    }
  }

  private final RequestBody body;
  private final int maxReports;

  public CmcdReportReader(long maxBytes, int maxReports) {
    this.body = new RequestBody(maxBytes);
    this.maxReports = maxReports;
  }

  /** The body's reports; blank lines (the body ends with a newline) are not reports. */
  public Reports readBody(String contentType, String contentEncoding, String contentLength, InputStream in)
      throws IngestRefusal {
    checkContentType(contentType);
    byte[] bytes = body.read(contentEncoding, contentLength, in);
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<Line> lines = new ArrayList<>();
    List<CmcdRejection> rejected = new ArrayList<>();
    int number = 0;
    int count = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      number++;
      String line = text.substring(start, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      start = end + 1;
      if (line.isBlank()) {
        continue;
      }
      if (++count > maxReports) {
        continue; // only counted, for the message
      }
      parse(number, line, lines, rejected);
    }
    if (count == 0) {
      throw new IngestRefusal(400, "no_reports",
          "the body has no CMCD reports; send one RFC 8941 dictionary per line (or ?CMCD= on the URL)");
    }
    if (count > maxReports) {
      throw new IngestRefusal(413, "too_many_events",
          "the body has " + count + " CMCD reports; at most " + maxReports + " per request");
    }
    return new Reports(lines, rejected);
  }

  /** The one report of {@code ?CMCD=} (already URL-decoded). */
  public Reports readQuery(String cmcd) throws IngestRefusal {
    if (cmcd.isBlank()) {
      throw new IngestRefusal(400, "no_reports", "?CMCD= is empty; it must hold one CMCD report");
    }
    List<Line> lines = new ArrayList<>(1);
    List<CmcdRejection> rejected = new ArrayList<>(1);
    parse(1, cmcd, lines, rejected);
    return new Reports(lines, rejected);
  }

  private static void parse(int number, String line, List<Line> lines, List<CmcdRejection> rejected) {
    try {
      lines.add(new Line(number, StructuredFields.parseDictionary(line)));
    } catch (StructuredFieldException e) {
      rejected.add(new CmcdRejection(number, "",
          "line " + number + " is not an RFC 8941 dictionary " + e.getMessage() + ": " + excerpt(line, e.position())));
    }
  }

  /** The line around the fault, for the message, with the bad character marked. */
  private static String excerpt(String line, int position) {
    int from = Math.max(0, position - 30);
    int to = Math.min(line.length(), position + 30);
    int at = Math.min(position, line.length());
    return (from > 0 ? "..." : "") + line.substring(from, at) + "<<HERE>>" + line.substring(at, to)
        + (to < line.length() ? "..." : "");
  }

  private static void checkContentType(String contentType) throws IngestRefusal {
    String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!base.equals("application/cmcd") && !base.equals("text/plain")) {
      throw new IngestRefusal(415, "unsupported_media_type", "Content-Type "
          + (base.isEmpty() ? "is missing" : base + " is not supported")
          + "; send CMCD event reports as application/cmcd (one dictionary per line), or ?CMCD= on the URL");
    }
    int charset = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (charset >= 0) {
      String cs = contentType.substring(charset + 8).split(";", 2)[0].trim().replace("\"", "");
      if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8") && !cs.equalsIgnoreCase("us-ascii")) {
        throw new IngestRefusal(415, "unsupported_media_type", "charset " + cs + " is not supported; send UTF-8");
      }
    }
  }
}

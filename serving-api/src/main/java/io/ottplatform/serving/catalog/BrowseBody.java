package io.ottplatform.serving.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.serving.catalog.api.BrowseResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON body of {@code GET /v1/catalog/browse}, assembled from pre-serialized rows. The rows are
 * the same for every profile with the same maturity ceiling in the same country, and serializing
 * them (~140 titles) with Jackson was the largest single cost of a browse request (async-profiler);
 * so they are serialized once per cache entry and only the small envelope is written per request.
 * The bytes equal {@code json.writeValueAsBytes(new BrowseResponse(profileId, country, rows))}
 * (BrowseBodyTest).
 */
public final class BrowseBody {

  private static final byte[] PROFILE = "{\"profileId\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COUNTRY = ",\"country\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ROWS = ",\"rows\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

  private BrowseBody() {}

  /** The rows as a JSON array, serialized once per cache entry. */
  public static byte[] rows(ObjectMapper json, List<BrowseResponse.Row> rows) {
    try {
      return json.writeValueAsBytes(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize browse rows", e);
    }
  }

  /** The whole response body: the envelope around {@code rowsJson} from {@link #rows}. */
  public static byte[] render(String profileId, String country, byte[] rowsJson) {
    byte[] profile = string(profileId);
    byte[] countryJson = country == null ? NULL : string(country);
    byte[] body = new byte[PROFILE.length + profile.length + COUNTRY.length + countryJson.length + ROWS.length
        + rowsJson.length + 1];
    int at = 0;
    for (byte[] part : new byte[][] {PROFILE, profile, COUNTRY, countryJson, ROWS, rowsJson}) {
      System.arraycopy(part, 0, body, at, part.length);
      at += part.length;
    }
    body[at] = '}';
    return body;
  }

  /** A JSON string, escaped as Jackson's generator escapes it (BrowseBodyTest), without a generator per call. */
  private static byte[] string(String s) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] quoted = new byte[escaped.length + 2];
    quoted[0] = '"';
    System.arraycopy(escaped, 0, quoted, 1, escaped.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }
}

package io.ottplatform.serving.dashboard;

import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.common.QueryParams;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of the views list (newest view end first) continues: the last row's end time and session id, the
 * sort key, so a page never repeats or skips a view when new views arrive meanwhile (no OFFSET). Opaque to
 * clients: base64url of {@code <epoch micros>|<session id>}.
 */
public record ViewsCursor(Instant viewEnd, String sessionId) {

  public String encode() {
    long micros = Math.addExact(Math.multiplyExact(viewEnd.getEpochSecond(), 1_000_000L), viewEnd.getNano() / 1_000);
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((micros + "|" + sessionId).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code null} or blank: the first page. */
  public static ViewsCursor decode(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      if (bar > 0 && bar < text.length() - 1) {
        long micros = Long.parseLong(text.substring(0, bar));
        return new ViewsCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
            Math.floorMod(micros, 1_000_000L) * 1_000L), text.substring(bar + 1));
      }
    } catch (IllegalArgumentException | DateTimeException e) {
      // not one of ours: answered below
    }
    throw ApiException.badRequest("invalid_parameter", "cursor is not a cursor this endpoint returned: "
        + QueryParams.abbreviate(raw));
  }
}

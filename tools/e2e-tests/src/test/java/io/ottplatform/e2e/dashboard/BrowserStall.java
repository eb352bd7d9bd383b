package io.ottplatform.e2e.dashboard;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The browser's own stall on the SDK page, from the {@code <video>} events the page recorded: its first
 * {@code waiting} after the first frame ({@code playing}) until the next {@code playing}, in ms.
 */
final class BrowserStall {

  private BrowserStall() {}

  /** The stall's length, or -1 when the browser never stalled after its first frame. */
  static long of(JsonNode browserEvents) {
    long waiting = -1;
    boolean firstFrame = false;
    for (JsonNode e : browserEvents) {
      String type = e.path("type").asText();
      if (type.equals("playing") && !firstFrame) {
        firstFrame = true;
      } else if (firstFrame && type.equals("waiting") && waiting < 0) {
        waiting = e.path("at").asLong();
      } else if (waiting >= 0 && type.equals("playing")) {
        return e.path("at").asLong() - waiting;
      }
    }
    return -1;
  }
}

package io.ottplatform.e2e.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cases of a {@code playback.js} plan (which player, which URL, whether it must play or fail) and the reading of
 * its results: shared by the tests that play serving-api's grants in {@link BrowserPlayers}.
 */
final class PlaybackCases {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PlaybackCases() {}

  /** One case: {@code kind} is hls, dash or shaka; {@code extra} adds page parameters (license, kid, keyUrl, ...). */
  static void add(ArrayNode cases, String name, String expect, String kind, String src, Map<String, String> extra) {
    StringBuilder q = new StringBuilder("kind=" + kind + "&src=" + URLEncoder.encode(src, StandardCharsets.UTF_8));
    extra.forEach((k, v) -> q.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    cases.addObject().put("name", name).put("query", q.toString()).put("expect", expect);
  }

  /** Prints one line per result; returns the cases that did not do what they expected, with what the browser saw. */
  static List<String> problems(JsonNode results, String logPrefix) {
    List<String> problems = new ArrayList<>();
    for (JsonNode r : results) {
      boolean shouldPlay = r.path("expect").asText().equals("play");
      boolean played = r.path("played").asBoolean();
      String line = String.format("%-48s %-6s currentTime=%.2f in %d ms %s", r.path("name").asText(),
          played ? "played" : "failed", r.path("currentTime").asDouble(), r.path("ms").asLong(),
          abbreviate(r.path("errors").toString(), 300));
      System.out.println(logPrefix + line);
      if (played != shouldPlay) {
        problems.add(line + (shouldPlay ? " (should play)" : " (should FAIL)") + "\n    responses: "
            + abbreviate(r.path("responses").toString(), 1500) + "\n    browser console:\n      "
            + String.join("\n      ", JSON.convertValue(r.path("console"), String[].class)));
      }
    }
    return problems;
  }

  /** The HTTP statuses the browser got for {@code path} (media tokens shown as {@code <token>}) in one case. */
  static List<Integer> statuses(JsonNode results, String caseName, String path) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode r : results) {
      if (r.path("name").asText().equals(caseName)) {
        r.path("responses").forEach(x -> {
          if (x.path("path").asText().equals(path)) {
            out.add(x.path("status").asInt());
          }
        });
      }
    }
    return out;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}

package io.ottplatform.local.seed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A title an editor publishes through serving-api's admin API, available in {@code countries} from {@code startsAt} to {@code endsAt}. */
public record TitleSpec(String name, String synopsis, int releaseYear, long durationMs, String maturityRating,
    List<String> genres, List<String> countries, Instant startsAt, Instant endsAt) {

  /** The body of {@code POST /v1/admin/titles}. */
  Map<String, Object> body() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("kind", "movie");
    t.put("name", name);
    t.put("synopsis", synopsis);
    t.put("releaseYear", releaseYear);
    t.put("durationMs", durationMs);
    t.put("maturityRating", maturityRating);
    t.put("genres", genres);
    t.put("cast", List.of());
    t.put("audioTracks", List.of("en"));
    t.put("subtitleTracks", List.of("de"));
    t.put("availability", countries.stream()
        .map(c -> Map.of("country", c, "startsAt", startsAt.toString(), "endsAt", endsAt.toString())).toList());
    return t;
  }
}

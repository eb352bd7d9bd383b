package io.ottplatform.serving.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ottplatform.serving.catalog.api.Artwork;
import io.ottplatform.serving.catalog.api.BrowseResponse;
import io.ottplatform.serving.catalog.api.TitleSummary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-serialized browse body is byte for byte what Jackson writes for the response object. */
class BrowseBodyTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper(); // the service's mapper (Dropwizard's defaults)

  @Test
  void theAssembledBodyEqualsTheSerializedResponse() throws Exception {
    List<BrowseResponse.Row> rows = List.of(
        new BrowseResponse.Row("new", "New releases", List.of(
            new TitleSummary("tt-1", "movie", "Nebula \"Drift\" – Ünïcode", 2024, "13+", List.of("Sci-Fi", "Drama"),
                List.of(new Artwork("poster", "https://img.example/1.jpg"))),
            new TitleSummary("tt-2", "movie", "No year", null, "ALL", List.of(), List.of()))),
        new BrowseResponse.Row("genre:Sci-Fi", "Sci-Fi", List.of()));

    for (String profile : List.of("prof-1", "prof-\"quoted\"\\x\n\u0001é")) {
      byte[] assembled = BrowseBody.render(profile, "DE", BrowseBody.rows(JSON, rows));
      assertThat(new String(assembled, StandardCharsets.UTF_8))
          .isEqualTo(JSON.writeValueAsString(new BrowseResponse(profile, "DE", rows)));
    }
  }

  @Test
  void anUnknownCountryHasANullCountryAndNoRows() throws Exception {
    byte[] assembled = BrowseBody.render("prof-1", null, BrowseBody.rows(JSON, List.of()));
    assertThat(new String(assembled, StandardCharsets.UTF_8))
        .isEqualTo(JSON.writeValueAsString(new BrowseResponse("prof-1", null, List.of())));
  }
}

package io.ottplatform.serving.watch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The watch page (/watch/, docs/watch.md): where its player SDK posts a view's events. The page
 * is served by serving-api but the events go to ingest-api, another service on another origin, so the page asks
 * {@code GET /v1/watch/config} for that URL. ingest-api must list serving-api's public origin in its
 * {@code cors.allowedOrigins}, or the browser refuses the SDK's posts.
 */
public class WatchConfig {

  /** ingest-api's public base URL as browsers reach it, e.g. {@code https://ingest.example.com}; events go to /v1/events under it. */
  @NotEmpty private String ingestUrl = "http://localhost:8081";

  @JsonProperty public String getIngestUrl() { return ingestUrl; }
  @JsonProperty public void setIngestUrl(String v) { this.ingestUrl = v; }

  /** An absolute http(s) URL with a host and no query or fragment: the SDK appends /v1/events to it. */
  @JsonIgnore
  @AssertTrue(message = "watch.ingestUrl must be an absolute http or https URL with a host and no query or fragment, "
      + "e.g. https://ingest.example.com")
  public boolean isIngestUrlValid() {
    if (ingestUrl == null || ingestUrl.isEmpty()) {
      return true; // @NotEmpty reports it
    }
    try {
      URI uri = new URI(ingestUrl);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The URL without a trailing slash, as the SDK's {@code endpoint} wants it. */
  @JsonIgnore
  public String endpoint() {
    return ingestUrl.endsWith("/") ? ingestUrl.substring(0, ingestUrl.length() - 1) : ingestUrl;
  }
}

package io.ottplatform.ingest.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * CORS for browser players: preflights are answered here, and every answer (errors included, so a page
 * can read a 429's Retry-After) carries the allow headers. No credentials: the playback token
 * authorizes, not cookies, so {@code *} is safe.
 */
public final class Cors {

  static final String ALLOW_HEADERS = "Content-Type, Content-Encoding, Authorization";

  private final List<String> allowedOrigins;
  private final boolean any;
  private final String maxAgeSeconds;

  public Cors(List<String> allowedOrigins, long maxAgeSeconds) {
    this.allowedOrigins = List.copyOf(allowedOrigins);
    this.any = this.allowedOrigins.contains("*");
    this.maxAgeSeconds = Long.toString(maxAgeSeconds);
  }

  /** {@code OPTIONS} with Access-Control-Request-Method: 204 with the allow headers, 403 for a foreign origin. */
  void preflight(HttpServletRequest request, HttpServletResponse response) {
    preflight(request, response, "POST, OPTIONS");
  }

  /** The same for an endpoint that allows {@code methods} (a CMCD target also takes GET). */
  void preflight(HttpServletRequest request, HttpServletResponse response, String methods) {
    String origin = allowed(request.getHeader("Origin"));
    if (origin == null) {
      response.setStatus(403);
      return;
    }
    response.setStatus(204);
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Methods", methods);
    response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
    response.setHeader("Access-Control-Max-Age", maxAgeSeconds);
    response.setHeader("Vary", "Origin");
  }

  /** The headers every answer to an allowed origin carries. */
  void label(HttpServletRequest request, HttpServletResponse response) {
    String origin = allowed(request.getHeader("Origin"));
    if (origin != null) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Expose-Headers", "Retry-After");
      response.setHeader("Vary", "Origin");
    }
  }

  private String allowed(String origin) {
    if (origin == null) {
      return null;
    }
    if (any) {
      return "*";
    }
    return allowedOrigins.contains(origin) ? origin : null;
  }
}

package io.ottplatform.ingest.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;

/**
 * CORS for browser players on other origins: preflights are answered here, and every answer to a listed origin
 * (errors included, so a page can read a 429's Retry-After) carries the allow headers. Only the origins configured
 * in {@code cors.allowedOrigins} are allowed, each echoed exactly; none by default. {@code *} is honoured only when
 * configured explicitly, and credentials are never allowed: the playback token, not a cookie, authorizes.
 */
public final class Cors {

  static final String ALLOW_HEADERS = "Content-Type, Content-Encoding, Authorization";
  /** The answer's {@code reason} for a preflight from an origin not listed. */
  static final String ORIGIN_NOT_ALLOWED = "origin_not_allowed";

  private final Set<String> allowedOrigins;
  private final boolean any;
  private final String maxAgeSeconds;

  public Cors(List<String> allowedOrigins, long maxAgeSeconds) {
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.any = this.allowedOrigins.contains("*");
    this.maxAgeSeconds = Long.toString(maxAgeSeconds);
  }

  /**
   * {@code OPTIONS} with Access-Control-Request-Method: 204 with the allow headers for {@code methods}, else false
   * (the caller answers 403 naming the origin).
   */
  boolean preflight(HttpServletRequest request, HttpServletResponse response, String methods) {
    response.setHeader("Vary", "Origin");
    String origin = allowed(request.getHeader("Origin"));
    if (origin == null) {
      return false;
    }
    response.setStatus(204);
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Methods", methods);
    response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
    response.setHeader("Access-Control-Max-Age", maxAgeSeconds);
    return true;
  }

  /** The headers every answer to an allowed origin carries; an answer's content depends on Origin, so Vary says so. */
  void label(HttpServletRequest request, HttpServletResponse response) {
    String origin = allowed(request.getHeader("Origin"));
    if (request.getHeader("Origin") != null) {
      response.setHeader("Vary", "Origin");
    }
    if (origin != null) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Expose-Headers", "Retry-After");
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

  /** The origin as it may appear in a JSON message: printable ASCII, at most 100 characters, others as '?'. */
  static String printable(String origin) {
    String cut = origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
    StringBuilder b = new StringBuilder(cut.length());
    for (char c : cut.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}

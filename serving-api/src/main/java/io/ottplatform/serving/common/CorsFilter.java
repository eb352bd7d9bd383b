package io.ottplatform.serving.common;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * CORS with an explicit allow-list of origins. A preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered here: 204 with the allowed methods and headers for a
 * listed origin, 403 naming the origin otherwise. Every other answer to a listed origin (errors included,
 * so a page can read a 429's Retry-After) carries {@code Access-Control-Allow-Origin}; an unlisted origin
 * gets no CORS header and its browser withholds the answer. No credentials: bearer tokens authorize,
 * never cookies.
 */
public final class CorsFilter implements Filter {

  static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  /** The request headers apps send: auth, JSON, and tus uploads. */
  static final String HEADERS = "Authorization, Content-Type, Tus-Resumable, Upload-Length, Upload-Offset, "
      + "Upload-Metadata, Upload-Checksum";
  static final String EXPOSED = "Retry-After, Location, Tus-Resumable, Upload-Offset, Upload-Length";

  private final Set<String> allowed;
  private final String maxAgeSeconds;

  public CorsFilter(List<String> allowedOrigins, long maxAgeSeconds) {
    this.allowed = Set.copyOf(allowedOrigins);
    this.maxAgeSeconds = Long.toString(maxAgeSeconds);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String origin = request.getHeader("Origin");
    if (origin == null) {
      chain.doFilter(req, res);
      return;
    }
    boolean listed = allowed.contains(origin);
    boolean preflight = "OPTIONS".equals(request.getMethod())
        && request.getHeader("Access-Control-Request-Method") != null;
    response.addHeader("Vary", "Origin");
    if (preflight) {
      if (!listed) {
        response.setStatus(403);
        response.setContentType("application/json");
        response.getWriter().write("{\"code\":403,\"reason\":\"origin_not_allowed\",\"message\":\"origin "
            + quoted(origin) + " is not in cors.allowedOrigins\"}");
        return;
      }
      response.setStatus(204);
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Methods", METHODS);
      response.setHeader("Access-Control-Allow-Headers", HEADERS);
      response.setHeader("Access-Control-Max-Age", maxAgeSeconds);
      return;
    }
    if (listed) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Expose-Headers", EXPOSED);
    }
    chain.doFilter(req, res);
  }

  /** The origin as it can sit inside a JSON string: printable ASCII only, quotes escaped, at most 200 characters. */
  static String quoted(String origin) {
    String cut = origin.length() > 200 ? origin.substring(0, 200) : origin;
    StringBuilder sb = new StringBuilder("'");
    for (char c : cut.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else {
        sb.append('?');
      }
    }
    return sb.append("'").toString();
  }
}

package io.ottplatform.serving.playback.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.Authorizer;
import io.ottplatform.serving.accounts.ProfileService;
import io.ottplatform.serving.accounts.auth.AccountPrincipal;
import io.ottplatform.serving.catalog.CatalogService;
import io.ottplatform.serving.catalog.resources.CatalogResource;
import io.ottplatform.serving.common.ViewerCountry;
import io.ottplatform.serving.playback.PlaybackService;
import io.ottplatform.serving.playback.api.PlaybackRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers the two hottest requests, {@code GET /v1/catalog/browse} and {@code POST /v1/playback},
 * in front of Jersey, when they succeed; anything else goes on to the Jersey resources
 * ({@link CatalogResource#browse}, {@link PlaybackResource#authorize}), which stay the definition of
 * both endpoints and render every refusal.
 *
 * <p>Why: on these two paths Jersey's routing, HK2 injection of {@code @Auth} and {@code @Context},
 * method-parameter bean validation (with reflective parameter-name lookup), entity reading and its
 * buffered response writing cost about twice the endpoint's own work (async-profiler, 2 vCPU), and
 * the benchmark target of 2,000 requests/s each is CPU-bound.
 *
 * <p>The same checks run, through the same objects: the {@code Authorization: Bearer} credentials
 * as Dropwizard's {@code OAuthCredentialAuthFilter} reads them, the same {@link Authenticator}
 * (signature, expiry, revoked logins) and {@link Authorizer} ({@code @RolesAllowed("viewer")}), the
 * same bean validation of the {@link PlaybackRequest} and the same services. This filter only ever
 * answers 200: when a check fails, or the request is unusual in any way (no or another
 * {@code Authorization} scheme, an {@code Accept} or {@code Content-Type} it does not plainly match,
 * a body without {@code Content-Length} or over {@value #MAX_BODY} bytes, an exception of any kind),
 * it writes nothing and passes the request on (with the body it read), so Jersey gives the answer it
 * always gave, 401, 403, 404, 415, 422 or 5xx. Refusals are thus decided twice; they are rare, and
 * a grant has no side effect before it succeeds.
 */
public final class HotPathFilter implements Filter {

  public static final String BROWSE = "/v1/catalog/browse";
  public static final String PLAYBACK = "/v1/playback";
  private static final int MAX_BODY = 4096;
  private static final String BEARER = "Bearer";
  private static final String JSON = "application/json";

  private final Authenticator<String, AccountPrincipal> authenticator;
  private final Authorizer<AccountPrincipal> authorizer;
  private final ProfileService profiles;
  private final CatalogService catalog;
  private final PlaybackService playback;
  private final ViewerCountry country;
  private final ObjectMapper json;
  private final Validator validator;

  public HotPathFilter(Authenticator<String, AccountPrincipal> authenticator, Authorizer<AccountPrincipal> authorizer,
      ProfileService profiles, CatalogService catalog, PlaybackService playback, ViewerCountry country,
      ObjectMapper json, Validator validator) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.profiles = profiles;
    this.catalog = catalog;
    this.playback = playback;
    this.country = country;
    this.json = json;
    this.validator = validator;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (BROWSE.equals(path) && "GET".equals(request.getMethod())) {
      byte[] body = browse(request);
      if (body != null) {
        ok((HttpServletResponse) res, body);
        return;
      }
    } else if (PLAYBACK.equals(path) && "POST".equals(request.getMethod())) {
      byte[] requestBody = readBody(request);
      if (requestBody != null) {
        byte[] body = playback(request, requestBody);
        if (body != null) {
          ok((HttpServletResponse) res, body);
          return;
        }
        chain.doFilter(new ReplayedBody(request, requestBody), res);
        return;
      }
    }
    chain.doFilter(req, res);
  }

  /** The browse body, or null to let Jersey answer. */
  private byte[] browse(HttpServletRequest request) {
    try {
      Optional<AccountPrincipal> caller = viewer(request);
      String profileId = request.getParameter("profileId");
      if (caller.isEmpty() || profileId == null || profileId.isBlank() || profileId.length() > 64) {
        return null;
      }
      return catalog.browseJson(profiles.require(caller.get().accountId(), profileId), country.of(request));
    } catch (RuntimeException e) {
      return null; // Jersey renders it (404 for another account's profile, 500 with a logged id, ...)
    }
  }

  /** The grant as JSON, or null to let Jersey answer. */
  private byte[] playback(HttpServletRequest request, byte[] requestBody) {
    try {
      Optional<AccountPrincipal> caller = viewer(request);
      if (caller.isEmpty() || !isJson(request.getContentType())) {
        return null;
      }
      PlaybackRequest body = json.readValue(requestBody, PlaybackRequest.class);
      if (body == null || !validator.validate(body).isEmpty()) {
        return null; // Jersey answers 422 with the violations
      }
      return json.writeValueAsBytes(playback.authorize(caller.get(), body, country.of(request)));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The caller, when the request carries a valid access token of a viewer and accepts JSON. */
  private Optional<AccountPrincipal> viewer(HttpServletRequest request) {
    if (!acceptsJson(request.getHeader("Accept"))) {
      return Optional.empty();
    }
    String header = request.getHeader("Authorization");
    int space = header == null ? -1 : header.indexOf(' ');
    if (space <= 0 || !BEARER.equalsIgnoreCase(header.substring(0, space))) {
      return Optional.empty(); // Dropwizard also looks at ?access_token=; Jersey handles that case
    }
    try {
      return authenticator.authenticate(header.substring(space + 1))
          .filter(p -> authorizer.authorize(p, "viewer", null));
    } catch (io.dropwizard.auth.AuthenticationException e) {
      return Optional.empty();
    }
  }

  /** The body when it is small and announced by Content-Length; null leaves the stream untouched for Jersey. */
  private static byte[] readBody(HttpServletRequest request) throws IOException {
    long length = request.getContentLengthLong();
    if (length < 0 || length > MAX_BODY) {
      return null;
    }
    return request.getInputStream().readNBytes((int) length);
  }

  private static void ok(HttpServletResponse response, byte[] body) throws IOException {
    response.setStatus(200);
    response.setContentType(JSON);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** No {@code Accept}, or a plain list that names JSON or a wildcard; parameters (q=0 ...) go to Jersey. */
  static boolean acceptsJson(String accept) {
    if (accept == null) {
      return true;
    }
    boolean json = false;
    for (String range : accept.split(",")) {
      String r = range.trim().toLowerCase(Locale.ROOT);
      if (r.indexOf(';') >= 0) {
        return false;
      }
      json |= r.equals(JSON) || r.equals("*/*") || r.equals("application/*");
    }
    return json;
  }

  /** {@code application/json}, optionally with {@code charset=utf-8}. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String c = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
    return c.equals(JSON) || c.equals(JSON + ";charset=utf-8");
  }

  /** The request with the body this filter already read, for Jersey to read again. */
  private static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the replayed body is read synchronously");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }
  }
}

package io.ottplatform.schemas.guard;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The concurrency guard's HTTP query API, declared once for the guard (server) and serving-api
 * (client): {@code GET /accounts/{id}/streams} answers an {@link ActiveStreamsAnswer} as JSON (200),
 * a 307 with {@code Location} to the instance that owns the account, or 503 with {@code Retry-After}
 * while its stores are not queryable.
 */
public final class GuardApi {

  /** The path template, as documented. */
  public static final String STREAMS_PATH = "/accounts/{id}/streams";

  /** Content type of every answer. */
  public static final String CONTENT_TYPE = "application/json";

  private static final Pattern STREAMS = Pattern.compile("^/accounts/([^/]+)/streams/?$");

  private GuardApi() {}

  /** The path that asks for {@code accountId}'s streams, the id URL-encoded. */
  public static String streamsPath(String accountId) {
    if (accountId == null || accountId.isEmpty()) {
      throw new IllegalArgumentException("account id must not be empty: " + accountId);
    }
    return "/accounts/" + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20") + "/streams";
  }

  /** The account id a request path asks for, or empty when the path is not {@link #STREAMS_PATH}. */
  public static Optional<String> accountOf(String path) {
    Matcher m = STREAMS.matcher(path == null ? "" : path);
    return m.matches() ? Optional.of(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)) : Optional.empty();
  }
}

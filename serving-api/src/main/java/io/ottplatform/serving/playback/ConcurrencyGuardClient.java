package io.ottplatform.serving.playback;

import io.ottplatform.schemas.guard.ActiveStreamsAnswer;
import io.ottplatform.schemas.guard.GuardApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the concurrency guard (stream-jobs/concurrency-guard) how many streams an account has, in the
 * contract both sides share: {@code GET {url}} + {@link GuardApi#streamsPath} answered by an
 * {@link ActiveStreamsAnswer}. The guard answers 307 when another instance owns the account; that
 * redirect is followed, at most {@link #MAX_HOPS} times (the owner answers itself, so one hop is the
 * normal case and a second only covers a rebalance between the two requests).
 *
 * <p>Anything but a readable 200 in time (connection refused, timeout, 503 while the guard's stores
 * rebalance, a redirect loop, an answer that is not the contract's shape) is "unavailable", with the
 * reason; the caller applies its policy. A guard that speaks another format therefore never reads as
 * "nothing is playing".
 */
public class ConcurrencyGuardClient {

  /** Redirects followed before giving up. */
  public static final int MAX_HOPS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyGuardClient.class);

  /** What the guard said, or why it could not be asked. */
  public record Lookup(Optional<ActiveStreamsAnswer> answer, String problem) {
    public static Lookup of(ActiveStreamsAnswer answer) {
      return new Lookup(Optional.of(answer), "");
    }

    public static Lookup unavailable(String problem) {
      return new Lookup(Optional.empty(), problem);
    }

    public boolean available() {
      return answer.isPresent();
    }
  }

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;
  /** The guard's API token (its api-token, OTT_GUARD_TOKEN), sent on every hop. */
  private final String authorization;

  /** A guard that asks for no token (a test's stand-in); the real guard answers such a client 401. */
  public ConcurrencyGuardClient(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, "");
  }

  public ConcurrencyGuardClient(String baseUrl, Duration timeout, String token) {
    this.authorization = "Bearer " + token;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    // redirects by hand: bounded, and each hop gets the same timeout
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public Lookup activeStreams(String accountId) {
    if (baseUrl.isEmpty()) {
      return Lookup.unavailable("no guard URL configured (concurrencyGuard.url)");
    }
    URI uri = URI.create(baseUrl + GuardApi.streamsPath(accountId));
    try {
      for (int hop = 0; ; hop++) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
            .header("Accept", GuardApi.CONTENT_TYPE).header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status == 307 || status == 308) {
          Optional<String> location = response.headers().firstValue("Location");
          if (location.isEmpty() || hop >= MAX_HOPS) {
            return unavailable(accountId, "guard redirected " + (hop + 1) + " times; last to "
                + location.orElse("(no Location)") + " from " + uri);
          }
          uri = uri.resolve(location.get());
          continue;
        }
        if (status != 200) {
          return unavailable(accountId, "guard answered " + status + " from " + uri
              + response.headers().firstValue("Retry-After").map(r -> " (Retry-After " + r + ")").orElse(""));
        }
        ActiveStreamsAnswer answer = ActiveStreamsAnswer.parse(response.body());
        if (!answer.accountId().equals(accountId)) {
          return unavailable(accountId, "guard answered for account " + answer.accountId() + " from " + uri);
        }
        return Lookup.of(answer);
      }
    } catch (IllegalArgumentException e) {
      return unavailable(accountId, "unreadable guard answer from " + uri + ": " + e.getMessage());
    } catch (IOException e) {
      return unavailable(accountId, "guard unreachable at " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable(accountId, "interrupted while asking the guard");
    }
  }

  private static Lookup unavailable(String accountId, String problem) {
    // debug, not warn: during an outage every grant lands here; the metric and the health check show it
    LOG.debug("concurrency guard unavailable for account {}: {}", accountId, problem);
    return Lookup.unavailable(problem);
  }
}

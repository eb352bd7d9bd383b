package io.ottplatform.serving.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the stream-jobs concurrency guard how many streams an account has:
 * {@code GET {url}/accounts/{id}/streams} → {@code {"accountId":..,"active":n,"sessions":[..],"limit":n}}.
 * Empty means "unavailable" (down, slow, or an answer we cannot read); the caller applies the policy.
 */
public class ConcurrencyGuardClient {

  private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyGuardClient.class);

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json;

  public ConcurrencyGuardClient(String baseUrl, Duration timeout, ObjectMapper json) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  public OptionalInt activeStreams(String accountId) {
    if (baseUrl.isEmpty()) {
      return OptionalInt.empty();
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            baseUrl + "/accounts/" + URLEncoder.encode(accountId, StandardCharsets.UTF_8) + "/streams"))
        .timeout(timeout).header("Accept", "application/json").GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return OptionalInt.of(0); // the guard has never seen the account: nothing is playing
      }
      if (response.statusCode() != 200) {
        LOG.warn("concurrency guard answered {} for {}", response.statusCode(), accountId);
        return OptionalInt.empty();
      }
      JsonNode active = json.readTree(response.body()).get("active");
      return active != null && active.canConvertToInt() && active.asInt() >= 0
          ? OptionalInt.of(active.asInt()) : OptionalInt.empty();
    } catch (IOException e) {
      LOG.warn("concurrency guard unreachable: {}", e.toString());
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }
}

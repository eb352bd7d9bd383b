package io.ottplatform.local.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.local.PlatformException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * serving-api's HTTP API as the demo and the serving benchmarks use it: JSON in, JSON out, every answer's
 * status checked. {@code CloudFront-Viewer-Country} is sent as the CDN in front of serving-api would
 * (the launcher's host is a trusted proxy in serving-api's config).
 */
public final class ServingClient {

  /** An answer: its status and its JSON body ({@code null} node when empty). */
  public record Reply(int status, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public ServingClient(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /**
   * Signs up (an existing account is fine: 409 from an older serving-api, the same 202 as a new one from one
   * that does not tell which e-mails exist) and logs in; returns the access token.
   */
  public String signUpAndLogIn(String email, String password, String deviceId) {
    Reply signup = send("POST", "/v1/auth/signup", null, null, Map.of("email", email, "password", password));
    if (signup.status() != 201 && signup.status() != 202 && signup.status() != 409) {
      throw new PlatformException("POST /v1/auth/signup for " + email + " answered " + signup.status() + ": " + signup.body());
    }
    if (signup.status() != 201) {
      Reply login = send("POST", "/v1/auth/login", null, null, Map.of("email", email, "password", password, "deviceId", deviceId));
      if (login.status() == 401) {
        // the accounts live in serving-api's database, the passwords under OTT_HOME: another OTT_HOME made them
        throw new PlatformException(email + " already exists in serving-api's database with another password (made by a "
            + "run whose OTT_HOME kept its passwords elsewhere): run that OTT_HOME's ./ott, or './ott reset' to start afresh");
      }
    }
    return logIn(email, password, deviceId);
  }

  public String logIn(String email, String password, String deviceId) {
    Reply login = send("POST", "/v1/auth/login", null, null, Map.of("email", email, "password", password, "deviceId", deviceId));
    if (login.status() != 200 || !login.body().hasNonNull("accessToken")) {
      throw new PlatformException("login of " + email + " answered " + login.status() + ": " + login.body());
    }
    return login.body().get("accessToken").asText();
  }

  public JsonNode get(String path, String token, String country) {
    return expect(send("GET", path, token, country, null), 200, "GET " + path);
  }

  public JsonNode post(String path, String token, String country, Object body, int expected) {
    return expect(send("POST", path, token, country, body), expected, "POST " + path);
  }

  public JsonNode put(String path, String token, Object body, int expected) {
    return expect(send("PUT", path, token, null, body), expected, "PUT " + path);
  }

  /** Any request; the caller reads the status. */
  public Reply send(String method, String path, String token, String country, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
          .header("Accept", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      if (country != null) {
        request.header("CloudFront-Viewer-Country", country);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Reply(response.statusCode(), text == null || text.isBlank() ? JSON.nullNode() : readOrText(text));
    } catch (IOException e) {
      throw new PlatformException(method + " " + base.resolve(path) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted during " + method + " " + path, e);
    }
  }

  private static JsonNode readOrText(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static JsonNode expect(Reply reply, int expected, String what) {
    if (reply.status() != expected) {
      throw new PlatformException(what + " answered " + reply.status() + " (expected " + expected + "): " + reply.body());
    }
    return reply.body();
  }

  public static ObjectMapper json() {
    return JSON;
  }
}

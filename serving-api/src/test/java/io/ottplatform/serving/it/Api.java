package io.ottplatform.serving.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small HTTP client for the tests: JSON in, {@link Reply} out. It uses the JDK client, which
 * (unlike Apache's) never retries a 429/503 on its own after Retry-After.
 */
public final class Api {

  public record Reply(int status, JsonNode json, byte[] body, HttpHeaders headers) {
    public String text(String field) {
      return json.path(field).asText();
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public record Session(String accountId, String accessToken, String refreshToken, String deviceId, String profileId) {}

  public static final ObjectMapper JSON = new ObjectMapper();
  /** Every test account's password. */
  public static final String PASSWORD = "a-long-password-1";
  // HTTP/1.1 pinned: the default (HTTP/2) sends an h2c upgrade on cleartext connections.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final DropwizardAppExtension<?> app;
  private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

  public Api(DropwizardAppExtension<?> app) {
    this.app = app;
  }

  public Api withHeader(String name, String value) {
    defaultHeaders.put(name, value);
    return this;
  }

  public String base() {
    return "http://localhost:" + app.getLocalPort();
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, null);
  }

  /** A GET of a full URL (the admin port's health checks and metrics). */
  public Reply getAbsolute(String url) {
    return exchange("GET", URI.create(url), null, null);
  }

  public Reply delete(String path, String token) {
    return send("DELETE", path, token, null);
  }

  public Reply post(String path, String token, Object body) {
    return send("POST", path, token, body);
  }

  public Reply put(String path, String token, Object body, String... headers) {
    return send("PUT", path, token, body, headers);
  }

  public Reply send(String method, String path, String token, Object body, String... headers) {
    return exchange(method, URI.create(base() + path), token, body, headers);
  }

  private Reply exchange(String method, URI uri, String token, Object body, String... headers) {
    String path = uri.getRawPath();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    defaultHeaders.forEach(b::header);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json(body)));
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json;
      try {
        json = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
      } catch (IOException notJson) {
        json = JSON.getNodeFactory().textNode(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return new Reply(r.statusCode(), json, r.body(), r.headers());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String json(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  // ---- scenario helpers

  public Session signUpAndLogin(String email, String device) {
    Reply signup = post("/v1/auth/signup", null, Map.of("email", email, "password", "a-long-password-1"));
    if (signup.status() != 202) {
      throw new AssertionError("signup failed: " + signup.status() + " " + signup.json());
    }
    return login(email, device);
  }

  /** An admin, made the one way admins are made (the operator's {@code admin create}), logged in. */
  public Session adminLogin(String email, String device) {
    ServingApp.createAccount(email, "admin", PASSWORD);
    return login(email, device);
  }

  public Session login(String email, String device) {
    Reply login = post("/v1/auth/login", null,
        Map.of("email", email, "password", "a-long-password-1", "deviceId", device, "deviceName", "Test " + device));
    if (login.status() != 200) {
      throw new AssertionError("login failed: " + login.status() + " " + login.json());
    }
    return new Session(login.text("accountId"), login.text("accessToken"), login.text("refreshToken"), device, null);
  }

  public Session withProfile(Session s, String name, boolean kids) {
    Reply p = post("/v1/profiles", s.accessToken(), kids ? Map.of("name", name, "kids", true) : Map.of("name", name));
    if (p.status() != 201) {
      throw new AssertionError("profile failed: " + p.status() + " " + p.json());
    }
    return new Session(s.accountId(), s.accessToken(), s.refreshToken(), s.deviceId(), p.text("id"));
  }

  public static Map<String, Object> title(String kind, String name, String rating, List<String> genres, Object availability) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("kind", kind);
    t.put("name", name);
    t.put("synopsis", "About " + name);
    t.put("releaseYear", 2024);
    t.put("durationMs", 5_400_000);
    t.put("maturityRating", rating);
    t.put("genres", genres);
    t.put("cast", List.of("Ada Lovelace"));
    t.put("audioTracks", List.of("en"));
    t.put("subtitleTracks", List.of("fr", "de"));
    t.put("artwork", List.of(Map.of("kind", "poster", "url", "https://img.example.com/" + UUID.randomUUID() + ".jpg")));
    t.put("availability", availability);
    return t;
  }

  public static List<Map<String, String>> openIn(String... countries) {
    return java.util.Arrays.stream(countries).map(c -> Map.of("country", c,
        "startsAt", Instant.now().minusSeconds(86400).toString(),
        "endsAt", Instant.now().plusSeconds(86400 * 30L).toString())).toList();
  }
}

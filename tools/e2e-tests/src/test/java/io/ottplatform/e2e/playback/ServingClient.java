package io.ottplatform.e2e.playback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a client app does against serving-api in this test: sign up, log in, edit titles, take grants. JSON over HTTP. */
final class ServingClient {

  /** Every account's password in these tests (a browser test signs in with it too). */
  static final String PASSWORD = "a-long-password-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1 pinned: the default (HTTP/2) sends an h2c upgrade on cleartext connections.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  ServingClient(String base) {
    this.base = base;
  }

  /** Signs up and logs in on {@code device}; the access token. */
  String signUpAndLogin(String email, String device) {
    // 201, or 202 where sign-up does not reveal which e-mails exist (issue #14)
    expect(List.of(201, 202), "POST", "/v1/auth/signup", null, Map.of("email", email, "password", PASSWORD));
    return login(email, device);
  }

  String login(String email, String device) {
    return expect(200, "POST", "/v1/auth/login", null,
        Map.of("email", email, "password", PASSWORD, "deviceId", device, "deviceName", "e2e " + device))
        .path("accessToken").asText();
  }

  String viewer(String email, String device) {
    return signUpAndLogin(email, device);
  }

  String profile(String token, String name) {
    return expect(201, "POST", "/v1/profiles", token, Map.of("name", name)).path("id").asText();
  }

  String createMovie(String editorToken, String name) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("kind", "movie");
    t.put("name", name);
    t.put("synopsis", "FFmpeg's testsrc2 with a 440 Hz tone");
    t.put("releaseYear", 2026);
    t.put("durationMs", 10_000);
    t.put("maturityRating", "ALL");
    t.put("genres", List.of("Documentary"));
    t.put("availability", List.of(Map.of("country", "DE", "startsAt", Instant.now().minusSeconds(86_400).toString(),
        "endsAt", Instant.now().plusSeconds(86_400).toString())));
    return expect(201, "POST", "/v1/admin/titles", editorToken, t).path("id").asText();
  }

  void attachMedia(String editorToken, String titleId, Map<String, String> media) {
    expect(204, "PUT", "/v1/admin/titles/" + titleId + "/media", editorToken, media);
  }

  /** The title's media jobs as an editor sees them ({@code GET /v1/admin/titles/{id}/media-jobs}), newest first. */
  JsonNode mediaJobs(String editorToken, String titleId) {
    return expect(200, "GET", "/v1/admin/titles/" + titleId + "/media-jobs", editorToken, null).path("jobs");
  }

  /** A playback grant, asked from Germany (the CDN's country header, believed from 127.0.0.1). */
  JsonNode grant(String token, String profileId, String titleId) {
    return expect(200, "POST", "/v1/playback", token, Map.of("profileId", profileId, "titleId", titleId));
  }

  private JsonNode expect(int status, String method, String path, String token, Object body) {
    return expect(List.of(status), method, path, token, body);
  }

  private JsonNode expect(List<Integer> statuses, String method, String path, String token, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("CloudFront-Viewer-Country", "DE");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (!statuses.contains(r.statusCode())) {
        throw new AssertionError(method + " " + path + ": expected " + statuses + ", got " + r.statusCode() + " "
            + r.body());
      }
      return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

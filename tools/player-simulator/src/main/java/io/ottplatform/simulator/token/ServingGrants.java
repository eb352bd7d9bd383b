package io.ottplatform.simulator.token;

import io.ottplatform.simulator.FleetIdentities;
import io.ottplatform.simulator.MiniJson;
import io.ottplatform.simulator.SimulatedView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each view's playback token from serving-api, as a client app gets it: log in as the view's account
 * ({@code POST /v1/auth/login} with the identities file's e-mail, password and device id, once per
 * account, again when the access token has expired), then {@code POST /v1/playback} for the view's
 * profile and title, from the view's country (the CDN header). The grant's session id replaces the
 * simulated one, since the token is for that session.
 *
 * <p>A 429 (the account's screens are all in use, or a login throttle) or 503 is "later": the caller
 * plays the view when a screen is free, as a viewer would. Any other refusal is final for that view.
 */
public final class ServingGrants implements TokenSource {

  private final URI serving;
  private final String countryHeader;
  private final Map<String, FleetIdentities.Account> accounts = new HashMap<>();
  private final Map<String, String> accessTokens = new HashMap<>();
  private final HttpClient client;

  public ServingGrants(URI serving, FleetIdentities identities, String countryHeader) {
    List<String> missing = new ArrayList<>();
    for (FleetIdentities.Account a : identities.accounts()) {
      if (!a.canLogIn()) {
        missing.add(a.accountId());
      }
      accounts.put(a.accountId(), a);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("playing with serving-api's grants needs email and password for every "
          + "account of the identities file; missing for " + missing);
    }
    this.serving = serving;
    this.countryHeader = countryHeader;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public String describe() {
    return "tokens from serving-api's grants at " + serving;
  }

  @Override
  public Grant grant(SimulatedView view) {
    FleetIdentities.Account account = accounts.get(view.accountId());
    if (account == null) {
      return Grant.refused("account " + view.accountId() + " is not in the identities file");
    }
    String country = view.events().get(0).getCountry();
    for (int attempt = 0; attempt < 2; attempt++) {
      String access = accessTokens.get(account.accountId());
      if (access == null) {
        Reply login = post("/v1/auth/login", null, null, json("email", account.email(), "password", account.password(),
            "deviceId", account.deviceId() == null ? "player-simulator" : account.deviceId()));
        if (login.status() != 200) {
          return login.retriable() ? Grant.later(login.retryAfter(), "login: " + login.summary())
              : Grant.refused("login as " + account.email() + ": " + login.summary());
        }
        access = login.field("accessToken");
        accessTokens.put(account.accountId(), access);
      }
      Reply grant = post("/v1/playback", access, country, json("profileId", view.profileId(), "titleId", view.titleId()));
      if (grant.status() == 200) {
        return Grant.granted(grant.field("sessionId"), grant.field("playbackToken"));
      }
      if (grant.status() == 401) { // the access token expired: log in again, once
        accessTokens.remove(account.accountId());
        continue;
      }
      return grant.retriable() ? Grant.later(grant.retryAfter(), grant.summary()) : Grant.refused(grant.summary());
    }
    return Grant.refused("serving-api refused a fresh access token for " + account.email());
  }

  /** {@code DELETE /v1/playback/sessions/{id}} with the account's login; a failure only leaves the lease to end it. */
  @Override
  public void ended(String accountId, String sessionId) {
    String access = accessTokens.get(accountId);
    if (access == null) {
      return;
    }
    HttpRequest end = HttpRequest.newBuilder(serving.resolve("/v1/playback/sessions/" + sessionId))
        .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + access).DELETE().build();
    try {
      client.send(end, HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      // the session's lease frees its screen a few minutes later
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Reply(int status, String body, Duration retryAfter) {
    boolean retriable() {
      return status == 429 || status == 503 || status == -1;
    }

    String summary() {
      return (status < 0 ? "no answer" : "HTTP " + status) + ": " + (body.length() > 300 ? body.substring(0, 300) : body);
    }

    String field(String name) {
      Object root = new MiniJson(body).document();
      if (root instanceof Map<?, ?> m && m.get(name) instanceof String s && !s.isBlank()) {
        return s;
      }
      throw new IllegalStateException("serving-api's answer has no " + name + ": " + summary());
    }
  }

  private Reply post(String path, String bearer, String country, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(serving.resolve(path)).timeout(Duration.ofSeconds(15))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (country != null && countryHeader != null && !countryHeader.isBlank()) {
      b.header(countryHeader, country);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Duration retryAfter = r.headers().firstValueAsLong("Retry-After").stream().mapToObj(Duration::ofSeconds)
          .findFirst().orElse(null);
      return new Reply(r.statusCode(), r.body(), retryAfter);
    } catch (IOException e) {
      return new Reply(-1, String.valueOf(e.getMessage()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking serving-api for a grant", e);
    }
  }

  /** A flat JSON object of string fields. */
  static String json(String... keysAndValues) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (i > 0) {
        b.append(',');
      }
      b.append(quote(keysAndValues[i])).append(':').append(quote(keysAndValues[i + 1]));
    }
    return b.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}

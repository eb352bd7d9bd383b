package io.ottplatform.local.seed;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottplatform.local.PlatformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills serving-api through its public API, as an editor and viewers would: the one seeding code of
 * {@code ./ott demo} and of the serving benchmarks (tools/benchmarks/services).
 */
public final class CatalogSeeder {

  /** A viewer account with the profiles created for it. */
  public record Viewer(String email, String accessToken, String accountId, List<String> profileIds) {}

  private final ServingClient api;

  public CatalogSeeder(ServingClient api) {
    this.api = api;
  }

  /** Publishes each title with media attached (playable); returns their ids in order. */
  public List<String> publish(String editorToken, List<TitleSpec> titles) {
    List<String> ids = new ArrayList<>();
    for (TitleSpec title : titles) {
      JsonNode created = api.post("/v1/admin/titles", editorToken, null, title.body(), 201);
      String id = created.path("id").asText("");
      if (id.isEmpty()) {
        throw new PlatformException("POST /v1/admin/titles for '" + title.name() + "' answered no id: " + created);
      }
      api.put("/v1/admin/titles/" + id + "/media", editorToken, Map.of("mediaPath", "seed/" + id), 204);
      ids.add(id);
    }
    return ids;
  }

  /** Signs a viewer up (or in, if the account exists) and creates the named profiles. */
  public Viewer viewer(String email, String password, String deviceId, List<String> profileNames) {
    String token = api.signUpAndLogIn(email, password, deviceId);
    String accountId = api.get("/v1/account", token, null).path("id").asText("");
    List<String> profiles = new ArrayList<>();
    for (String name : profileNames) {
      profiles.add(api.post("/v1/profiles", token, null, Map.of("name", name), 201).path("id").asText());
    }
    if (accountId.isEmpty()) {
      throw new PlatformException("GET /v1/account for " + email + " answered no id");
    }
    return new Viewer(email, token, accountId, profiles);
  }
}

package io.ottplatform.serving.playback.api;

import java.util.List;

/** W3C EME Clear Key license (JWK set of symmetric keys, base64url without padding). */
public record ClearKeyResponse(List<Key> keys, String type) {

  public record Key(String kty, String k, String kid) {}
}

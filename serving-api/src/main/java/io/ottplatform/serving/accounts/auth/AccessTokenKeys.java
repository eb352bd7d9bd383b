package io.ottplatform.serving.accounts.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HS256 keys of the access tokens, by key id ({@code kid}): one current key signs, the current and the
 * previous keys verify. Rotation without a refresh wave: the new key becomes current while the old one is kept
 * as previous for one access-token lifetime (tokens signed with it stay valid until they expire), then dropped.
 * A token naming no key or a key not listed here verifies with nothing.
 */
public final class AccessTokenKeys {

  /** The kid of a single configured key, when the configuration names none. */
  public static final String DEFAULT_KID = "k1";
  private static final int MIN_SECRET_CHARS = 32;

  private final String currentKid;
  private final MACSigner signer;
  private final Map<String, MACVerifier> verifiers;

  private AccessTokenKeys(String currentKid, MACSigner signer, Map<String, MACVerifier> verifiers) {
    this.currentKid = currentKid;
    this.signer = signer;
    this.verifiers = verifiers;
  }

  /**
   * @param previous earlier keys that still verify, each {@code kid=secret}; blank entries are ignored (an empty
   *     environment variable). Errors name the kid or the entry's position, never a secret.
   */
  public static AccessTokenKeys of(String currentKid, String currentSecret, List<String> previous) {
    List<String> errors = new ArrayList<>();
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    add(secrets, errors, currentKid, currentSecret, "the current key");
    int position = 0;
    for (String entry : previous == null ? List.<String>of() : previous) {
      position++;
      if (entry == null || entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        errors.add("previous access token key #" + position + " is not kid=secret");
        continue;
      }
      add(secrets, errors, entry.substring(0, eq).trim(), entry.substring(eq + 1).trim(),
          "previous access token key #" + position);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("auth access token keys: " + String.join("; ", errors));
    }
    Map<String, MACVerifier> verifiers = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, byte[]> e : secrets.entrySet()) {
        verifiers.put(e.getKey(), new MACVerifier(e.getValue()));
      }
      return new AccessTokenKeys(currentKid, new MACSigner(secrets.get(currentKid)), Map.copyOf(verifiers));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("access token key unusable: " + e.getMessage(), e);
    }
  }

  /** One key under {@link #DEFAULT_KID} (tests, tools). */
  public static AccessTokenKeys single(String secret) {
    return of(DEFAULT_KID, secret, List.of());
  }

  private static void add(Map<String, byte[]> secrets, List<String> errors, String kid, String secret, String what) {
    if (kid == null || !kid.matches("[A-Za-z0-9._-]{1,64}")) {
      errors.add(what + ": kid '" + kid + "' must be 1 to 64 of A-Z a-z 0-9 . _ -");
      return;
    }
    if (secret == null || secret.length() < MIN_SECRET_CHARS) {
      errors.add(what + " (kid " + kid + "): secret must be at least " + MIN_SECRET_CHARS
          + " characters (HS256 needs a 256-bit key)");
      return;
    }
    if (secrets.containsKey(kid)) {
      errors.add(what + ": kid " + kid + " is listed twice");
      return;
    }
    secrets.put(kid, secret.getBytes(StandardCharsets.UTF_8));
  }

  public String currentKid() {
    return currentKid;
  }

  MACSigner signer() {
    return signer;
  }

  /** The verifier of {@code kid}; empty for a missing or unknown kid. */
  Optional<MACVerifier> verifier(String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(verifiers.get(kid));
  }
}

package io.ottplatform.schemas.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The playback token's claim set, declared once (docs/playback-token.md): serving-api issues it, ingest-api
 * verifies it, the player simulator mints it for runs without a serving-api. Each side signs or verifies the
 * JWS with its own JOSE library; this class holds what they must agree on and knows no engine: the claim
 * names and types, the default issuer and audience, the lifetime rules and the validation of the values.
 *
 * <p>Times are whole seconds (JWT NumericDate), so what a verifier reads back equals what was issued.
 *
 * @param issuer {@code iss}: who signed it ({@link #ISSUER} unless configured otherwise)
 * @param audience {@code aud}: who may accept it; must contain the verifier's audience ({@link #AUDIENCE})
 * @param profileId {@code sub}: the viewer's profile
 * @param accountId {@code acc}: the account the profile belongs to
 * @param titleId {@code tid}: the title being played
 * @param sessionId {@code sid}: the view (playback session), minted by serving-api at the grant
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}: after {@code iat}, at most {@link #MAX_TTL} later
 * @param tokenId {@code jti}: unique per token
 */
public record PlaybackTokenClaims(String issuer, List<String> audience, String profileId, String accountId,
                                  String titleId, String sessionId, Instant issuedAt, Instant expiresAt,
                                  String tokenId) {

  /** JWS algorithm: the only one issued and the only one accepted. */
  public static final String ALGORITHM = "ES256";
  /** JWS header {@code typ}. */
  public static final String TYPE = "JWT";
  public static final String ISSUER = "ott-serving-api";
  public static final String AUDIENCE = "ott-ingest";
  /** serving-api's default lifetime: a long film plus pauses, so a view never needs a second grant. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(6);
  /** No token lives longer: a leaked token is worth a day at most. */
  public static final Duration MAX_TTL = Duration.ofHours(24);
  /** Verifiers allow this much clock difference on {@code iat} and {@code exp}. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  /** Longest id accepted in {@code sub}, {@code acc}, {@code tid}, {@code sid}, {@code jti}. */
  public static final int MAX_ID_LENGTH = 128;

  private static final String MISSING = "no ";

  /** The claim names, as they appear in the JWT payload. */
  public static final class Claim {
    public static final String ISSUER = "iss";
    public static final String AUDIENCE = "aud";
    public static final String PROFILE = "sub";
    public static final String ACCOUNT = "acc";
    public static final String TITLE = "tid";
    public static final String SESSION = "sid";
    public static final String ISSUED_AT = "iat";
    public static final String EXPIRES_AT = "exp";
    public static final String TOKEN_ID = "jti";

    private Claim() {}
  }

  /** Refuses a claim set that breaks the contract; the message names the claim and the bad value. */
  public PlaybackTokenClaims {
    List<String> problems = new ArrayList<>();
    issuer = id(problems, Claim.ISSUER, issuer);
    if (audience == null || audience.isEmpty()) {
      problems.add(MISSING + Claim.AUDIENCE + " claim");
      audience = List.of();
    } else {
      List<String> copy = new ArrayList<>();
      for (String a : audience) {
        copy.add(id(problems, Claim.AUDIENCE, a));
      }
      audience = List.copyOf(copy);
    }
    profileId = id(problems, Claim.PROFILE, profileId);
    accountId = id(problems, Claim.ACCOUNT, accountId);
    titleId = id(problems, Claim.TITLE, titleId);
    sessionId = id(problems, Claim.SESSION, sessionId);
    tokenId = id(problems, Claim.TOKEN_ID, tokenId);
    if (issuedAt == null) {
      problems.add(MISSING + Claim.ISSUED_AT + " claim");
    }
    if (expiresAt == null) {
      problems.add(MISSING + Claim.EXPIRES_AT + " claim");
    }
    if (issuedAt != null && expiresAt != null) {
      issuedAt = Instant.ofEpochSecond(issuedAt.getEpochSecond());
      expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
      Duration ttl = Duration.between(issuedAt, expiresAt);
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        problems.add("exp must be after iat and at most " + MAX_TTL.toHours() + " h later: iat " + issuedAt
            + ", exp " + expiresAt);
      }
    }
    if (!problems.isEmpty()) {
      boolean onlyMissing = problems.stream().allMatch(p -> p.startsWith(MISSING));
      throw new InvalidPlaybackToken(onlyMissing ? InvalidPlaybackToken.Reason.MISSING_CLAIM
          : InvalidPlaybackToken.Reason.BAD_CLAIMS, "the playback token's claims break the contract: "
          + String.join("; ", problems));
    }
  }

  /** A new token's claims for one granted view: issued {@code now}, expiring {@code ttl} later, a fresh {@code jti}. */
  public static PlaybackTokenClaims issue(String issuer, String audience, String profileId, String accountId,
                                          String titleId, String sessionId, Instant now, Duration ttl) {
    Objects.requireNonNull(now, "now");
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0 || ttl.toSeconds() < 1) {
      throw new IllegalArgumentException("a playback token's ttl must be between 1 s and " + MAX_TTL.toHours()
          + " h: " + ttl);
    }
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    return new PlaybackTokenClaims(issuer, List.of(audience), profileId, accountId, titleId, sessionId, iat,
        iat.plus(Duration.ofSeconds(ttl.toSeconds())), UUID.randomUUID().toString());
  }

  /**
   * Reads a decoded JWT payload (claim name to JSON value: strings, a string or list of strings for
   * {@code aud}, numbers of seconds for {@code iat} and {@code exp}). Unknown claims are ignored.
   *
   * @throws InvalidPlaybackToken with {@code MISSING_CLAIM} or {@code BAD_CLAIMS}, naming the claim
   */
  public static PlaybackTokenClaims fromPayload(Map<String, ?> payload) {
    return new PlaybackTokenClaims(string(payload, Claim.ISSUER), audience(payload), string(payload, Claim.PROFILE),
        string(payload, Claim.ACCOUNT), string(payload, Claim.TITLE), string(payload, Claim.SESSION),
        seconds(payload, Claim.ISSUED_AT), seconds(payload, Claim.EXPIRES_AT), string(payload, Claim.TOKEN_ID));
  }

  /**
   * The JWT payload as claim name to JSON value, in the documented order: strings, {@code aud} as one
   * string when there is one audience, {@code iat}/{@code exp} as {@code Long} seconds.
   */
  public Map<String, Object> toPayload() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(Claim.ISSUER, issuer);
    m.put(Claim.AUDIENCE, audience.size() == 1 ? audience.get(0) : audience);
    m.put(Claim.PROFILE, profileId);
    m.put(Claim.ACCOUNT, accountId);
    m.put(Claim.TITLE, titleId);
    m.put(Claim.SESSION, sessionId);
    m.put(Claim.ISSUED_AT, issuedAt.getEpochSecond());
    m.put(Claim.EXPIRES_AT, expiresAt.getEpochSecond());
    m.put(Claim.TOKEN_ID, tokenId);
    return m;
  }

  /** {@link #toPayload()} as compact JSON, for a signer without a JSON library. */
  public String toJson() {
    return Json.object(toPayload());
  }

  /** The JWS protected header every playback token carries: {@code {"alg":"ES256","typ":"JWT","kid":...}}. */
  public static String headerJson(String keyId) {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("a playback token's header needs a kid (the key's id in the JWKS)");
    }
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("alg", ALGORITHM);
    h.put("typ", TYPE);
    h.put("kid", keyId);
    return Json.object(h);
  }

  /**
   * What a verifier checks beyond the signature: the issuer it trusts, its own audience, and the time
   * ({@code exp} passed, or {@code iat} in the future) with {@code skew} allowed either way.
   */
  public void checkFor(String expectedIssuer, String expectedAudience, Instant now, Duration skew) {
    if (!issuer.equals(expectedIssuer)) {
      throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.WRONG_ISSUER,
          "the playback token's issuer is " + issuer + ", expected " + expectedIssuer);
    }
    if (!audience.contains(expectedAudience)) {
      throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.WRONG_AUDIENCE,
          "the playback token's audience " + audience + " does not contain " + expectedAudience);
    }
    checkTime(now, skew);
  }

  /** Only the time rules: a verifier that caches verified tokens checks this again on every use. */
  public void checkTime(Instant now, Duration skew) {
    if (now.minus(skew).isAfter(expiresAt)) {
      throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.EXPIRED, "the playback token expired at " + expiresAt);
    }
    if (issuedAt.isAfter(now.plus(skew))) {
      throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.NOT_YET_VALID,
          "the playback token is issued in the future: iat " + issuedAt);
    }
  }

  private static String id(List<String> problems, String claim, String value) {
    if (value == null || value.isBlank()) {
      problems.add(MISSING + claim + " claim");
      return value;
    }
    if (value.length() > MAX_ID_LENGTH) {
      problems.add(claim + " is longer than " + MAX_ID_LENGTH + " characters: " + value.substring(0, 32) + "...");
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      problems.add(claim + " holds a control character: " + value.replaceAll("\\p{Cntrl}", "?"));
    }
    return value;
  }

  private static String string(Map<String, ?> payload, String claim) {
    Object v = payload.get(claim);
    if (v == null) {
      throw missing(claim);
    }
    if (!(v instanceof String s)) {
      throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.BAD_CLAIMS,
          "the playback token's " + claim + " claim is not a string: " + v);
    }
    return s;
  }

  private static List<String> audience(Map<String, ?> payload) {
    Object v = payload.get(Claim.AUDIENCE);
    if (v == null) {
      throw missing(Claim.AUDIENCE);
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof Collection<?> c && c.stream().allMatch(a -> a instanceof String)) {
      return c.stream().map(String.class::cast).toList();
    }
    throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.BAD_CLAIMS,
        "the playback token's aud claim is neither a string nor a list of strings: " + v);
  }

  private static Instant seconds(Map<String, ?> payload, String claim) {
    Object v = payload.get(claim);
    if (v == null) {
      throw missing(claim);
    }
    if (v instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    if (v instanceof java.util.Date d) { // what some JOSE libraries hand out for NumericDate claims
      return Instant.ofEpochSecond(d.toInstant().getEpochSecond());
    }
    throw new InvalidPlaybackToken(InvalidPlaybackToken.Reason.BAD_CLAIMS,
        "the playback token's " + claim + " claim is not a number of seconds: " + v);
  }

  private static InvalidPlaybackToken missing(String claim) {
    return new InvalidPlaybackToken(InvalidPlaybackToken.Reason.MISSING_CLAIM, "the playback token has no " + claim
        + " claim");
  }

  /** Just enough JSON writing for the payload's strings, numbers and string lists. */
  static final class Json {
    private Json() {}

    static String object(Map<String, Object> fields) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        if (b.length() > 1) {
          b.append(',');
        }
        string(b, e.getKey());
        b.append(':');
        value(b, e.getValue());
      }
      return b.append('}').toString();
    }

    private static void value(StringBuilder b, Object v) {
      if (v instanceof String s) {
        string(b, s);
      } else if (v instanceof Number n) {
        b.append(n.longValue());
      } else if (v instanceof List<?> list) {
        b.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          value(b, list.get(i));
        }
        b.append(']');
      } else {
        throw new IllegalArgumentException("not a claim value: " + v);
      }
    }

    private static void string(StringBuilder b, String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    }
  }
}

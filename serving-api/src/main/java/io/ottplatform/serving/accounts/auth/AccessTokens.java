package io.ottplatform.serving.accounts.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived HS256 access tokens. Only HS256 under one of our keys verifies: {@code alg: none}, other
 * algorithms, a missing or unknown {@code kid}, a wrong issuer or audience, a tampered signature, an expired
 * token or one not valid yet ({@code nbf}) all yield empty. (Access tokens never leave this service, so a
 * symmetric key is enough; the playback token, verified elsewhere, is ES256.) Keys rotate through
 * {@link AccessTokenKeys}: the header's {@code kid} picks the verifying key.
 */
public final class AccessTokens {

  /** Clock difference tolerated between instances, on {@code exp} and {@code nbf} alike. */
  static final Duration SKEW = Duration.ofSeconds(30);
  /** The audience a single-key instance (tests, tools) issues and expects. */
  public static final String DEFAULT_AUDIENCE = "ott-serving";

  private final AccessTokenKeys keys;
  private final String issuer;
  private final String audience;
  private final Duration ttl;
  private final Clock clock;

  public AccessTokens(AccessTokenKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** One key under {@link AccessTokenKeys#DEFAULT_KID}, audience {@link #DEFAULT_AUDIENCE}. */
  public AccessTokens(String secret, String issuer, Duration ttl, Clock clock) {
    this(AccessTokenKeys.single(secret), issuer, DEFAULT_AUDIENCE, ttl, clock);
  }

  public Duration ttl() {
    return ttl;
  }

  public String issue(String accountId, Role role, String deviceId, UUID familyId) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject(accountId).audience(audience)
        .claim("role", role.id()).claim("did", deviceId).claim("fam", familyId.toString())
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString()).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
        .keyID(keys.currentKid()).build(), claims);
    try {
      jwt.sign(keys.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign access token", e);
    }
    return jwt.serialize();
  }

  /** A verified token, and until when it stays valid (its {@code exp} plus the allowed clock skew). */
  public record Verified(AccountPrincipal principal, Instant validUntil) {}

  public Optional<AccountPrincipal> verify(String token) {
    return verifyWithExpiry(token).map(Verified::principal);
  }

  /** Whether a token verified earlier has not expired since. */
  public boolean stillValid(Verified verified) {
    return !verified.validUntil().isBefore(clock.instant());
  }

  public Optional<Verified> verifyWithExpiry(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
        return Optional.empty();
      }
      Optional<MACVerifier> verifier = keys.verifier(jwt.getHeader().getKeyID());
      if (verifier.isEmpty() || !jwt.verify(verifier.get())) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      if (!issuer.equals(claims.getIssuer()) || claims.getAudience() == null
          || !claims.getAudience().contains(audience)
          || claims.getExpirationTime() == null
          || claims.getExpirationTime().toInstant().plus(SKEW).isBefore(now)
          || claims.getNotBeforeTime() == null || claims.getNotBeforeTime().toInstant().minus(SKEW).isAfter(now)
          || claims.getSubject() == null) {
        return Optional.empty();
      }
      return Optional.of(new Verified(new AccountPrincipal(claims.getSubject(), Role.of(claims.getStringClaim("role")),
          claims.getStringClaim("did"), UUID.fromString(claims.getStringClaim("fam"))),
          claims.getExpirationTime().toInstant().plus(SKEW)));
    } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}

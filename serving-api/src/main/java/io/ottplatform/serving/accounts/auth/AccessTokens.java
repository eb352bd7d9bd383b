package io.ottplatform.serving.accounts.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived HS256 access tokens. Only HS256 with our key verifies: {@code alg: none}, other
 * algorithms, a wrong issuer, a tampered signature or an expired token all yield empty.
 * (Access tokens never leave this service, so a symmetric key is enough; the playback token,
 * verified elsewhere, is ES256.)
 */
public final class AccessTokens {

  private static final Duration SKEW = Duration.ofSeconds(30);

  private final byte[] secret;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;
  private final MACVerifier verifier;

  public AccessTokens(String secret, String issuer, Duration ttl, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.issuer = issuer;
    this.ttl = ttl;
    this.clock = clock;
    try {
      this.verifier = new MACVerifier(this.secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("access token secret unusable: " + e.getMessage(), e);
    }
  }

  public Duration ttl() {
    return ttl;
  }

  public String issue(String accountId, Role role, String deviceId, UUID familyId) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject(accountId).audience(issuer)
        .claim("role", role.id()).claim("did", deviceId).claim("fam", familyId.toString())
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString()).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new MACSigner(secret));
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
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      if (!issuer.equals(claims.getIssuer()) || claims.getExpirationTime() == null
          || claims.getExpirationTime().toInstant().plus(SKEW).isBefore(now)
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

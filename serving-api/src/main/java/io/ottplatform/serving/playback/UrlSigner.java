package io.ottplatform.serving.playback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring, path-scoped HMAC-SHA256 tokens of the kind CDN edges verify (Akamai/CloudFront style
 * {@code exp~acl~hmac}), encoded as {@code base64url(exp "~" acl) "." base64url(hmac)} so the token
 * can sit in a path segment: {@code /media/<token>/<asset>/master.m3u8}. Players resolve segment and
 * variant URLs relative to the manifest, so they carry the token without rewriting any playlist.
 *
 * <p>An {@code acl} ending in {@code /*} covers everything under that prefix; any other acl covers
 * exactly that path.
 */
public final class UrlSigner {

  public enum Verdict { VALID, MALFORMED, BAD_SIGNATURE, EXPIRED, OUT_OF_SCOPE }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Clock clock;
  /** One initialized Mac per thread: Mac.getInstance's provider lookup cost more than the HMAC (2 per grant). */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public UrlSigner(String secret, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  public String sign(String acl, Instant expiresAt) {
    String payload = expiresAt.getEpochSecond() + "~" + acl;
    return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(payload));
  }

  public Verdict verify(String token, String path) {
    if (token == null || token.length() > 1024) {
      return Verdict.MALFORMED;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Verdict.MALFORMED;
    }
    String payload;
    byte[] signature;
    try {
      payload = new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      signature = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Verdict.MALFORMED;
    }
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      return Verdict.BAD_SIGNATURE;
    }
    int tilde = payload.indexOf('~');
    long exp;
    try {
      exp = Long.parseLong(payload.substring(0, tilde));
    } catch (RuntimeException e) {
      return Verdict.MALFORMED;
    }
    if (clock.instant().getEpochSecond() >= exp) {
      return Verdict.EXPIRED;
    }
    String acl = payload.substring(tilde + 1);
    boolean inScope = acl.endsWith("/*")
        ? path.startsWith(acl.substring(0, acl.length() - 1))
        : path.equals(acl);
    return inScope ? Verdict.VALID : Verdict.OUT_OF_SCOPE;
  }

  private byte[] mac(String payload) {
    return macs.get().doFinal(payload.getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac for the next use
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

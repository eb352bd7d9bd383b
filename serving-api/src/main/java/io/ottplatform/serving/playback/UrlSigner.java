package io.ottplatform.serving.playback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short-lived tokens of a playback session: a media URL token (in a path segment of the origin URL,
 * {@code /media/<token>/<asset>/master.m3u8}, so players carry it to every playlist and segment they resolve
 * relative to the manifest) and a key token (the {@code ?token=} of the key endpoint). Both are
 * {@code base64url(payload) "." base64url(HMAC-SHA256(payload))} with the payload
 * {@code v2~<purpose>~<exp>~<session>~<profile>~<device>~<title>~<acl>}.
 *
 * <p>Domain separation: each {@link Purpose} has its own HMAC key, derived from the configured secret with its own
 * label ({@code HMAC-SHA256(secret, label)}), and names itself in the payload, so a media token never verifies as a
 * key token (and the other way round) whatever path it was issued for: a media asset folder named {@code keys} no
 * longer opens every title's keys. The secret itself signs nothing.
 *
 * <p>An {@code acl} ending in {@code /*} covers everything under that prefix; any other acl covers exactly that
 * path. The token says whose it is; whether that session may still play is the caller's check
 * ({@link PlaybackSessions}).
 */
public final class UrlSigner {

  /** What a token opens; each has its own key and label. */
  public enum Purpose {
    MEDIA("m", "ott playback media-url token v2"),
    KEY("k", "ott playback key token v2");

    private final String code;
    private final String label;

    Purpose(String code, String label) {
      this.code = code;
      this.label = label;
    }
  }

  public enum Verdict { VALID, MALFORMED, BAD_SIGNATURE, EXPIRED, OUT_OF_SCOPE }

  /** Who a token is for and what it opens until when. */
  public record Claims(Purpose purpose, Instant expiresAt, String sessionId, String profileId, String deviceId,
      String titleId, String acl) {}

  /** A verdict, with the claims when the signature held (also for an expired or out-of-scope token). */
  public record Verification(Verdict verdict, Optional<Claims> claims) {
    static Verification of(Verdict verdict) {
      return new Verification(verdict, Optional.empty());
    }
  }

  private static final String VERSION = "v2";
  /** Ids and paths never contain the separator; anything else a token carries is refused at issue time. */
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._/*-]{1,512}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec mediaKey;
  private final SecretKeySpec keyTokenKey;
  private final Clock clock;
  /** One initialized Mac per thread and purpose: Mac.getInstance's provider lookup cost more than the HMAC. */
  private final ThreadLocal<Mac> mediaMacs;
  private final ThreadLocal<Mac> keyMacs;

  public UrlSigner(String secret, Clock clock) {
    byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
    this.mediaKey = derive(raw, Purpose.MEDIA);
    this.keyTokenKey = derive(raw, Purpose.KEY);
    this.clock = clock;
    this.mediaMacs = ThreadLocal.withInitial(() -> newMac(mediaKey));
    this.keyMacs = ThreadLocal.withInitial(() -> newMac(keyTokenKey));
  }

  public String sign(Claims c) {
    for (String field : new String[] {c.sessionId(), c.profileId(), c.deviceId(), c.titleId(), c.acl()}) {
      if (field == null || !FIELD.matcher(field).matches()) {
        throw new IllegalArgumentException("a playback token field must match " + FIELD.pattern() + ": '" + field + "'");
      }
    }
    String payload = String.join("~", VERSION, c.purpose().code, Long.toString(c.expiresAt().getEpochSecond()),
        c.sessionId(), c.profileId(), c.deviceId(), c.titleId(), c.acl());
    return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(mac(c.purpose(), payload));
  }

  /** Checks a token of {@code purpose} for {@code path}: signature (with that purpose's key), expiry, scope. */
  public Verification verify(Purpose purpose, String token, String path) {
    if (token == null || token.length() > 1024) {
      return Verification.of(Verdict.MALFORMED);
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return Verification.of(Verdict.MALFORMED);
    }
    String payload;
    byte[] signature;
    try {
      payload = new String(B64D.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      signature = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Verification.of(Verdict.MALFORMED);
    }
    if (!MessageDigest.isEqual(mac(purpose, payload), signature)) {
      return Verification.of(Verdict.BAD_SIGNATURE);
    }
    String[] f = payload.split("~", -1);
    if (f.length != 8 || !f[0].equals(VERSION) || !f[1].equals(purpose.code)) {
      return Verification.of(Verdict.MALFORMED);
    }
    long exp;
    try {
      exp = Long.parseLong(f[2]);
    } catch (NumberFormatException e) {
      return Verification.of(Verdict.MALFORMED);
    }
    Claims claims = new Claims(purpose, Instant.ofEpochSecond(exp), f[3], f[4], f[5], f[6], f[7]);
    if (clock.instant().getEpochSecond() >= exp) {
      return new Verification(Verdict.EXPIRED, Optional.of(claims));
    }
    String acl = claims.acl();
    boolean inScope = acl.endsWith("/*")
        ? path.startsWith(acl.substring(0, acl.length() - 1))
        : path.equals(acl);
    return new Verification(inScope ? Verdict.VALID : Verdict.OUT_OF_SCOPE, Optional.of(claims));
  }

  private byte[] mac(Purpose purpose, String payload) {
    Mac mac = (purpose == Purpose.MEDIA ? mediaMacs : keyMacs).get();
    return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac for the next use
  }

  private static SecretKeySpec derive(byte[] secret, Purpose purpose) {
    Mac mac = newMac(new SecretKeySpec(secret, "HmacSHA256"));
    return new SecretKeySpec(mac.doFinal(purpose.label.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

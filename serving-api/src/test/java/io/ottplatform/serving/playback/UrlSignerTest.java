package io.ottplatform.serving.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.serving.playback.UrlSigner.Claims;
import io.ottplatform.serving.playback.UrlSigner.Purpose;
import io.ottplatform.serving.playback.UrlSigner.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String SESSION = "5b0c2f8e-6a0e-4c7e-9d11-0a4c3e2f1b00";
  private final UrlSigner signer = new UrlSigner("0123456789abcdef0123456789abcdef", Clock.fixed(NOW, ZoneOffset.UTC));

  private static Claims media(String acl, Instant exp) {
    return new Claims(Purpose.MEDIA, exp, SESSION, "prof-1", "tv-1", "tt-1", acl);
  }

  @Test
  void aPrefixAclCoversEverythingBelowItUntilItExpiresAndCarriesItsSession() {
    String token = signer.sign(media("assets/tt-1/*", NOW.plusSeconds(60)));

    UrlSigner.Verification v = signer.verify(Purpose.MEDIA, token, "assets/tt-1/master.m3u8");
    assertThat(v.verdict()).isEqualTo(Verdict.VALID);
    assertThat(v.claims()).contains(media("assets/tt-1/*", NOW.plusSeconds(60)));
    assertThat(signer.verify(Purpose.MEDIA, token, "assets/tt-1/video/seg-1.m4s").verdict()).isEqualTo(Verdict.VALID);
    assertThat(signer.verify(Purpose.MEDIA, token, "assets/tt-2/master.m3u8").verdict()).as("another asset")
        .isEqualTo(Verdict.OUT_OF_SCOPE);
    assertThat(signer.verify(Purpose.MEDIA, token, "assets/tt-10/master.m3u8").verdict()).as("prefix is per segment")
        .isEqualTo(Verdict.OUT_OF_SCOPE);
  }

  @Test
  void aMediaTokenNeverVerifiesAsAKeyTokenEvenForAFolderNamedKeys() {
    // the attack of issue #14: media packaged under "keys" got a token with acl keys/* that opened every title's key
    String media = signer.sign(media("keys/*", NOW.plusSeconds(60)));
    assertThat(signer.verify(Purpose.MEDIA, media, "keys/tt-2").verdict()).isEqualTo(Verdict.VALID);
    assertThat(signer.verify(Purpose.KEY, media, "keys/tt-2").verdict()).isEqualTo(Verdict.BAD_SIGNATURE);

    String key = signer.sign(new Claims(Purpose.KEY, NOW.plusSeconds(60), SESSION, "prof-1", "tv-1", "tt-1", "keys/tt-1"));
    assertThat(signer.verify(Purpose.KEY, key, "keys/tt-1").verdict()).isEqualTo(Verdict.VALID);
    assertThat(signer.verify(Purpose.MEDIA, key, "keys/tt-1").verdict()).as("a key token at the origin")
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(signer.verify(Purpose.KEY, key, "keys/tt-12").verdict()).isEqualTo(Verdict.OUT_OF_SCOPE);
  }

  @Test
  void refusesExpiredTamperedAndForeignTokens() {
    assertThat(signer.verify(Purpose.MEDIA, signer.sign(media("a/*", NOW.minusSeconds(1))), "a/x.m3u8").verdict())
        .isEqualTo(Verdict.EXPIRED);
    assertThat(signer.verify(Purpose.MEDIA, signer.sign(media("a/*", NOW)), "a/x.m3u8").verdict())
        .as("expiry is exclusive").isEqualTo(Verdict.EXPIRED);

    String token = signer.sign(media("a/*", NOW.plusSeconds(60)));
    String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8);
    String widened = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("~a/*", "~*").getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
    assertThat(signer.verify(Purpose.MEDIA, widened, "b/x.m3u8").verdict()).as("acl changed, signature kept")
        .isEqualTo(Verdict.BAD_SIGNATURE);
    String otherTitle = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("~tt-1~", "~tt-2~").getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
    assertThat(signer.verify(Purpose.MEDIA, otherTitle, "a/x.m3u8").verdict()).as("title changed, signature kept")
        .isEqualTo(Verdict.BAD_SIGNATURE);

    UrlSigner other = new UrlSigner("another-secret-another-secret-xx", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(signer.verify(Purpose.MEDIA, other.sign(media("a/*", NOW.plusSeconds(60))), "a/x.m3u8").verdict())
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(signer.verify(Purpose.MEDIA, "garbage", "a").verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(signer.verify(Purpose.MEDIA, "a.b.c", "a").verdict()).isEqualTo(Verdict.MALFORMED);
    assertThat(signer.verify(Purpose.MEDIA, null, "a").verdict()).isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void refusesToSignAFieldThatCouldShiftTheOthers() {
    assertThatThrownBy(() -> signer.sign(new Claims(Purpose.MEDIA, NOW, SESSION, "prof~x", "tv-1", "tt-1", "a/*")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prof~x");
  }
}

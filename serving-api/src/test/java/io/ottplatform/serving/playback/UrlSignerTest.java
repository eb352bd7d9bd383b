package io.ottplatform.serving.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.serving.playback.UrlSigner.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final UrlSigner signer = new UrlSigner("0123456789abcdef0123456789abcdef", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aPrefixAclCoversEverythingBelowItUntilItExpires() {
    String token = signer.sign("assets/tt-1/*", NOW.plusSeconds(60));

    assertThat(signer.verify(token, "assets/tt-1/master.m3u8")).isEqualTo(Verdict.VALID);
    assertThat(signer.verify(token, "assets/tt-1/video/seg-1.m4s")).isEqualTo(Verdict.VALID);
    assertThat(signer.verify(token, "assets/tt-2/master.m3u8")).as("another asset").isEqualTo(Verdict.OUT_OF_SCOPE);
    assertThat(signer.verify(token, "assets/tt-10/master.m3u8")).as("prefix is per segment").isEqualTo(Verdict.OUT_OF_SCOPE);
  }

  @Test
  void anExactAclCoversOnlyThatPath() {
    String token = signer.sign("keys/tt-1", NOW.plusSeconds(60));

    assertThat(signer.verify(token, "keys/tt-1")).isEqualTo(Verdict.VALID);
    assertThat(signer.verify(token, "keys/tt-12")).isEqualTo(Verdict.OUT_OF_SCOPE);
  }

  @Test
  void refusesExpiredTamperedAndForeignTokens() {
    assertThat(signer.verify(signer.sign("a/*", NOW.minusSeconds(1)), "a/x.m3u8")).isEqualTo(Verdict.EXPIRED);
    assertThat(signer.verify(signer.sign("a/*", NOW), "a/x.m3u8")).as("expiry is exclusive").isEqualTo(Verdict.EXPIRED);

    String token = signer.sign("a/*", NOW.plusSeconds(60));
    String widened = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString((NOW.plusSeconds(60).getEpochSecond() + "~*").getBytes()) + token.substring(token.indexOf('.'));
    assertThat(signer.verify(widened, "b/x.m3u8")).as("acl changed, signature kept").isEqualTo(Verdict.BAD_SIGNATURE);

    UrlSigner other = new UrlSigner("another-secret-another-secret-xx", Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(signer.verify(other.sign("a/*", NOW.plusSeconds(60)), "a/x.m3u8")).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(signer.verify("garbage", "a")).isEqualTo(Verdict.MALFORMED);
    assertThat(signer.verify("a.b.c", "a")).isEqualTo(Verdict.MALFORMED);
    assertThat(signer.verify(null, "a")).isEqualTo(Verdict.MALFORMED);
  }
}

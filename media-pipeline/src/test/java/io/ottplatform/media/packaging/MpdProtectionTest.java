package io.ottplatform.media.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.media.keys.ContentKeys;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MpdProtectionTest {

  private static final ContentKeys KEYS = new ContentKeys(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
      new byte[16], new byte[16]);

  @Test
  void everyAudioAndVideoSetGetsTheMp4ProtectionAndClearKeyDescriptors() {
    String mpd = "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\">\n<Period>\n"
        + "<AdaptationSet id=\"0\" contentType=\"video\" par=\"16:9\">\n<Representation id=\"0\"/>\n</AdaptationSet>\n"
        + "<AdaptationSet id=\"1\" contentType=\"audio\">\n<Representation id=\"1\"/>\n</AdaptationSet>\n</Period>\n</MPD>";
    String out = MpdProtection.addClearKey(mpd, KEYS);
    assertThat(out).contains("xmlns:cenc=\"urn:mpeg:cenc:2013\"");
    assertThat(out.split("schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cenc\" "
        + "cenc:default_KID=\"00112233-4455-6677-8899-aabbccddeeff\"", -1)).hasSize(3);
    assertThat(out.split("urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e", -1)).hasSize(3);
    assertThat(out.indexOf("ContentProtection")).isLessThan(out.indexOf("<Representation"));
  }

  @Test
  void theClearKeyPsshIsAVersionOneBoxOfTheCommonSystemWithTheKid() {
    byte[] box = MpdProtection.commonPssh(KEYS.kid());
    assertThat(HexFormat.of().formatHex(box)).isEqualTo("00000034" + "70737368" + "01000000"
        + "1077efecc0b24d02ace33c1e52e2fb4b" + "00000001" + "00112233445566778899aabbccddeeff" + "00000000");
  }
}

package io.ottplatform.serving.playback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HlsKeyRewriterTest {

  private static final String KEY_URL = "https://cdn.example/v1/keys/hls/tt-1?token=abc.def";

  @Test
  void everyAes128KeyUriBecomesTheSessionsKeyUrl() {
    String playlist = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:2
        #EXT-X-KEY:METHOD=AES-128,URI="http://127.0.0.1:8090/v1/keys/hls/tt-1",IV=0x00000000000000000000000000000001
        #EXTINF:2.000000,
        hls-0-00001.ts
        #EXT-X-KEY:METHOD=NONE
        #EXTINF:2.000000,
        hls-0-00002.ts
        #EXT-X-ENDLIST
        """;

    String out = HlsKeyRewriter.rewrite(playlist, KEY_URL);

    assertThat(out).contains("#EXT-X-KEY:METHOD=AES-128,URI=\"" + KEY_URL + "\",IV=0x00000000000000000000000000000001\n")
        .doesNotContain("127.0.0.1:8090")
        .contains("#EXT-X-KEY:METHOD=NONE\n")
        .endsWith("#EXT-X-ENDLIST\n");
    assertThat(out.lines().count()).isEqualTo(playlist.lines().count());
  }

  @Test
  void aPlaylistWithoutKeysIsUnchanged() {
    String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nmedia_0.m3u8\n";
    assertThat(HlsKeyRewriter.rewrite(master, KEY_URL)).isEqualTo(master);
  }
}

package io.ottplatform.media.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeeTargetTest {

  @Test
  void escapesEachLevelOnce() {
    Map<String, String> inner = new LinkedHashMap<>();
    inner.put("encryption_key", "00ff");
    inner.put("encryption_kid", "11ee");
    Map<String, String> dash = new LinkedHashMap<>();
    dash.put("f", "dash");
    dash.put("adaptation_sets", "id=0,streams=v");
    dash.put("format_options", TeeTarget.options(inner));
    Map<String, String> hls = new LinkedHashMap<>();
    hls.put("f", "hls");
    hls.put("var_stream_map", "v:0,agroup:aud a:0,agroup:aud");
    String target = TeeTarget.of(List.of(new TeeTarget.Slave(dash, "out/manifest.mpd"), new TeeTarget.Slave(hls, "out/a|b.m3u8")));
    // the levels FFmpeg peels off: '|' split (one backslash), the [k=v:...] options (another), format_options (a third);
    // this exact string was checked against FFmpeg 8.1.2 (the CENC key arrives, the HLS variants map)
    assertThat(target).isEqualTo("[f=dash:adaptation_sets=id\\\\=0,streams\\\\=v:format_options=encryption_key\\\\=00ff"
        + "\\\\:encryption_kid\\\\=11ee]out/manifest.mpd|"
        + "[f=hls:var_stream_map=v\\\\:0,agroup\\\\:aud a\\\\:0,agroup\\\\:aud]out/a\\|b.m3u8");
  }
}

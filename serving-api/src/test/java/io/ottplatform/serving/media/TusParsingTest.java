package io.ottplatform.serving.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.serving.common.ApiException;
import io.ottplatform.serving.media.TusUploads.Checksum;
import org.junit.jupiter.api.Test;

/** The parts of tus requests that are text: file names from Upload-Metadata and Upload-Checksum. */
class TusParsingTest {

  @Test
  void aFileNameBecomesOneSafePathSegment() {
    assertThat(TusUploads.safeFilename("feature final.mp4")).isEqualTo("feature_final.mp4");
    assertThat(TusUploads.safeFilename("../../etc/passwd")).isEqualTo("passwd");
    assertThat(TusUploads.safeFilename("C:\\clips\\take 2.mov")).isEqualTo("take_2.mov");
    assertThat(TusUploads.safeFilename("..")).isEqualTo("source");
    assertThat(TusUploads.safeFilename(".hidden.mkv")).isEqualTo("hidden.mkv");
    assertThat(TusUploads.safeFilename(null)).isEqualTo("source");
  }

  @Test
  void onlySha1ChecksumsInBase64AreTaken() {
    assertThat(Checksum.parse(null)).isNull();
    assertThat(Checksum.parse("sha1 2jmj7l5rSw0yVb/vlWAYkK/YBwk=").expected()).hasSize(20);
    assertThatThrownBy(() -> Checksum.parse("md5 1B2M2Y8AsgTpgAmY7PhCfg=="))
        .isInstanceOf(ApiException.class).hasMessageContaining("md5");
    assertThatThrownBy(() -> Checksum.parse("sha1 not*base64"))
        .isInstanceOf(ApiException.class).hasMessageContaining("not*base64");
    assertThatThrownBy(() -> Checksum.parse("sha1"))
        .isInstanceOf(ApiException.class).hasMessageContaining("<algorithm> <base64>");
  }
}

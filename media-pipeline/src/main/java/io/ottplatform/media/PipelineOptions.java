package io.ottplatform.media;

import io.ottplatform.media.packaging.ThumbnailSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the pipeline encodes, from config ({@link MediaPipelineConfig}).
 *
 * @param hlsKeyUriTemplate absolute URI written into HLS playlists, {@code {titleId}} replaced
 * @param workRoot scratch space for a job (key info file, complexity samples); never the system temp directory
 * @param presetOverride x264 preset instead of the profile's (tests use {@code ultrafast})
 */
public record PipelineOptions(String hlsKeyUriTemplate, Path workRoot, boolean perTitle,
    Optional<String> presetOverride, Optional<ThumbnailSpec> thumbnails, boolean poster) {

  public PipelineOptions {
    if (!hlsKeyUriTemplate.matches("https?://.+")) {
      throw new IllegalArgumentException("the HLS key URI template must be an absolute http(s) URI "
          + "(players resolve it as written), got '" + hlsKeyUriTemplate + "'");
    }
  }

  public String hlsKeyUri(String titleId) {
    return hlsKeyUriTemplate.replace("{titleId}", titleId);
  }
}

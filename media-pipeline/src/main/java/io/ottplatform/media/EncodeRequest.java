package io.ottplatform.media;

import io.ottplatform.media.origin.TitleIds;
import io.ottplatform.media.packaging.Subtitle;
import java.nio.file.Path;
import java.util.List;

/** One title to encode: which job asks, from which source, with which profile, clear or encrypted. */
public record EncodeRequest(String jobId, String titleId, Path source, String profile, boolean encrypted,
    List<Subtitle> subtitles) {

  public EncodeRequest {
    TitleIds.check(jobId);
    TitleIds.check(titleId);
    subtitles = List.copyOf(subtitles);
  }
}

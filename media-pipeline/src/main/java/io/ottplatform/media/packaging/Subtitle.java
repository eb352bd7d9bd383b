package io.ottplatform.media.packaging;

import java.nio.file.Path;

/** A subtitle source (SRT) and its BCP 47 language, e.g. {@code en}. */
public record Subtitle(Path srt, String language) {

  public Subtitle {
    if (language == null || !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
      throw new IllegalArgumentException("subtitle language '" + language + "' is not a BCP 47 tag like en or pt-BR");
    }
  }

  public String vttName() {
    return "subs-" + language + ".vtt";
  }

  public String playlistName() {
    return "subs-" + language + ".m3u8";
  }
}

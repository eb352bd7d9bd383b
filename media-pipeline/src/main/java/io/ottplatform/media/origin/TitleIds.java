package io.ottplatform.media.origin;

import java.util.regex.Pattern;

/** Title and job ids become folder and file names: only a safe alphabet, so no id can climb out of the origin. */
public final class TitleIds {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private TitleIds() {}

  public static String check(String id) {
    if (id == null || !SAFE.matcher(id).matches() || id.contains("..")) {
      throw new IllegalArgumentException("id '" + id + "' must be 1-128 characters of A-Z a-z 0-9 . _ - "
          + "starting with a letter or digit");
    }
    return id;
  }
}

package io.ottplatform.media.probe;

/** The source cannot be reached (yet): missing file, storage error. Worth retrying, unlike invalid media. */
public final class SourceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String reason) {
    super(reason);
  }
}

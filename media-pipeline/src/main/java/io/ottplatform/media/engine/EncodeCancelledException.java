package io.ottplatform.media.engine;

/** The job was cancelled (or the engine closed) while FFmpeg ran; the process was killed, partial output removed. */
public final class EncodeCancelledException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EncodeCancelledException(String what) {
    super(what + " was cancelled; FFmpeg was killed and its partial output removed");
  }
}

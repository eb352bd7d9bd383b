package io.ottplatform.media.probe;

/**
 * The source cannot become a title, for a reason an editor can act on ("the file has no video track").
 * Retrying does not help, so a worker dead-letters such a job at once.
 */
public final class InvalidMediaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidMediaException(String reason) {
    super(reason);
  }
}

package io.ottplatform.local;

/** A problem the operator can fix; its message says what is wrong and how to fix it. */
public class PlatformException extends RuntimeException {
  public PlatformException(String message) {
    super(message);
  }

  public PlatformException(String message, Throwable cause) {
    super(message, cause);
  }
}

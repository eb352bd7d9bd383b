package io.ottplatform.ingest.sfv;

/** The input is not a valid structured field; the message names the character position (from 0) and what was wrong. */
public final class StructuredFieldException extends Exception {

  private final int position;

  StructuredFieldException(int position, String problem) {
    super("at character " + position + ": " + problem, null, false, false);
    this.position = position;
  }

  public int position() {
    return position;
  }
}

package io.ottplatform.ingest.sfv;

/** An RFC 8941 Token (section 3.3.4): an unquoted identifier such as {@code ps} or {@code foo123/456}. */
public record Token(String value) {
  @Override
  public String toString() {
    return value;
  }
}

package io.ottplatform.serving.common;

/**
 * A refusal with an HTTP status and a machine-readable reason ({@code snake_case}), rendered as
 * {@code {"code":403,"reason":"maturity_restricted","message":"..."}}.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String reason;

  public ApiException(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  public int status() { return status; }
  public String reason() { return reason; }

  public static ApiException notFound(String what, String id) {
    return new ApiException(404, "not_found", what + " not found: " + id);
  }

  public static ApiException badRequest(String reason, String message) {
    return new ApiException(400, reason, message);
  }
}

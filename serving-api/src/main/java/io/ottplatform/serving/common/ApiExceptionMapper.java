package io.ottplatform.serving.common;

import io.ottplatform.serving.accounts.AuthService;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Renders every {@link ApiException} as {@code {"code":..,"reason":..,"message":..}}. */
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

  @Override
  public Response toResponse(ApiException e) {
    Response.ResponseBuilder r = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(e.status(), e.reason(), e.getMessage()));
    if (e instanceof AuthService.ThrottledException t) {
      r.header("Retry-After", t.retryAfterSeconds());
    }
    if (e instanceof RateLimiter.RateLimitedException t) {
      r.header("Retry-After", t.retryAfterSeconds());
    }
    return r.build();
  }
}

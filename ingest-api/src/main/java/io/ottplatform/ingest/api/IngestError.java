package io.ottplatform.ingest.api;

/**
 * Every refusal of a request as a whole: {@code {"code":429,"reason":"rate_limited_account","message":"..."}}.
 * {@code code} and {@code message} are Dropwizard's error shape, which clients already read; {@code reason} is a
 * stable machine-readable label (also the metric's), so a client can branch without parsing the message.
 */
public record IngestError(int code, String reason, String message) {}

package io.ottplatform.serving.common;

/** Every refusal: the HTTP status, a machine-readable reason and a sentence for people. */
public record ErrorBody(int code, String reason, String message) {}

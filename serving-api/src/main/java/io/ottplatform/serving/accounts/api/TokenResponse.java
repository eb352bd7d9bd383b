package io.ottplatform.serving.api;

public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
    String accountId, String deviceId) {}

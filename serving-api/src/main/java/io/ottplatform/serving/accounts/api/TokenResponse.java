package io.ottplatform.serving.accounts.api;

public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
    String accountId, String deviceId) {}

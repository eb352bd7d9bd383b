package io.ottplatform.serving.accounts.db;

import java.time.Instant;

public record DeviceAuthorizationRow(String userCode, String deviceId, String deviceName, Instant expiresAt,
    int intervalSeconds, Instant lastPolledAt, String accountId, Instant approvedAt, Instant consumedAt) {}

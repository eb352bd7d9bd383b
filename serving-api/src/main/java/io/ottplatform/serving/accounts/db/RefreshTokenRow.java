package io.ottplatform.serving.accounts.db;

import java.time.Instant;
import java.util.UUID;

public record RefreshTokenRow(UUID familyId, String accountId, String deviceId, Instant expiresAt,
    Instant usedAt, Instant familyRevokedAt) {}

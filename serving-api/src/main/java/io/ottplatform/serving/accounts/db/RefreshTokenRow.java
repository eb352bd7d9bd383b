package io.ottplatform.serving.accounts.db;

import java.time.Instant;
import java.util.UUID;

/** A refresh token with its login (token family); {@code familyCreatedAt} starts the absolute lifetime. */
public record RefreshTokenRow(UUID familyId, String accountId, String deviceId, Instant expiresAt,
    Instant usedAt, Instant familyRevokedAt, Instant familyCreatedAt) {}

package io.ottplatform.serving.accounts.db;

import java.time.Instant;

public record DeviceRow(String accountId, String id, String name, Instant createdAt, Instant lastSeenAt) {}

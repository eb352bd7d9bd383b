package io.ottplatform.serving.accounts.api;

import java.time.Instant;

public record DeviceView(String id, String name, Instant registeredAt, Instant lastSeenAt, boolean current) {}

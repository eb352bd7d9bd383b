package io.ottplatform.serving.db;

import java.time.Instant;

public record WindowRow(String country, Instant startsAt, Instant endsAt) {}

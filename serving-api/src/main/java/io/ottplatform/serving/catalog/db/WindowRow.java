package io.ottplatform.serving.catalog.db;

import java.time.Instant;

public record WindowRow(String country, Instant startsAt, Instant endsAt) {}

package io.ottplatform.serving.catalog.db;

import java.time.Instant;

/** An outbox entry; {@code snapshotJson} is null for DELETE. */
public record OutboxRow(long id, String titleId, String operation, long version, Instant changedAt,
    String changedBy, String snapshotJson) {}

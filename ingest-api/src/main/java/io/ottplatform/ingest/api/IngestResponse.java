package io.ottplatform.ingest.api;

import java.util.List;

/**
 * The answer to {@code POST /v1/events}: how many events Kafka acknowledged, and which were refused.
 * {@code 200} when at least one event was accepted (the refused ones need no retry: they will never be
 * valid), {@code 400} when none was.
 */
public record IngestResponse(int accepted, List<EventRejection> rejected) {}

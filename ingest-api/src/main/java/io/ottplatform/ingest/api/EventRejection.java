package io.ottplatform.ingest.api;

/** One refused event of a batch: its index in the batch, the field at fault and why. */
public record EventRejection(int index, String field, String reason) {}

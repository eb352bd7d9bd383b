package io.ottplatform.serving.catalog;

import java.util.List;

/**
 * The outbox payload of an UPSERT: the fields of the Avro {@code TitleSnapshot}, kept as JSON in
 * the outbox row so the relay needs nothing but the row to publish it.
 */
public record TitleSnapshotJson(String kind, String name, String parentId, Integer seasonNumber, Integer episodeNumber,
    Integer releaseYear, Long durationMs, String maturityRating, List<String> genres, List<String> tags,
    List<String> availableCountries) {}

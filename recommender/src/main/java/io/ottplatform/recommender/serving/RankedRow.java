package io.ottplatform.recommender.serving;

/**
 * One exported row: key is the profile (rec_profile_titles), the title (rec_similar_titles) or the
 * country (rec_popular_titles); rank is 1-based.
 */
public record RankedRow(String key, int rank, String item, float score) {}

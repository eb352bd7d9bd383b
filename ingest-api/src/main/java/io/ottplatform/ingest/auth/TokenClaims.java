package io.ottplatform.ingest.auth;

import java.time.Instant;

/** The verified claims of a playback token: the ids ingest writes into every event of the batch. */
public record TokenClaims(String sessionId, String accountId, String profileId, String titleId, Instant expiresAt,
                          String tokenId) {}

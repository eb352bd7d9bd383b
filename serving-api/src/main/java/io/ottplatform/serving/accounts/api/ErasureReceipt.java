package io.ottplatform.serving.accounts.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to an account deletion, and an erasure request as admins list it: what the lake's erase job is
 * asked to remove (one run per profile id), when it was asked, and whether it was done. Times are ISO-8601
 * strings: a receipt is read by people too.
 */
public record ErasureReceipt(UUID requestId, List<String> profileIds,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant requestedAt, String status,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant completedAt, String message) {}

package io.ottplatform.serving.catalog.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

public record AvailabilityWindow(
    @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
    @NotNull Instant startsAt,
    @NotNull Instant endsAt) {}

package io.ottplatform.serving.catalog.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What an editor sends to create or replace a title. */
public record TitleRequest(
    @NotNull @Pattern(regexp = "movie|series|season|episode") String kind,
    @NotBlank @Size(max = 200) String name,
    @Size(max = 4000) String synopsis,
    @Size(max = 64) String parentId,
    @Min(0) @Max(1000) Integer seasonNumber,
    @Min(0) @Max(100000) Integer episodeNumber,
    @Min(1880) @Max(2200) Integer releaseYear,
    @Min(0) @Max(86_400_000L) Long durationMs,
    @NotNull @Pattern(regexp = "ALL|7\\+|10\\+|13\\+|16\\+|18\\+", message = "must be one of ALL, 7+, 10+, 13+, 16+, 18+")
    String maturityRating,
    @Size(max = 20) List<@NotBlank @Size(max = 40) String> genres,
    @Size(max = 50) List<@NotBlank @Size(max = 40) String> tags,
    @Size(max = 100) List<@NotBlank @Size(max = 100) String> cast,
    @Size(max = 20) List<@Valid @NotNull Artwork> artwork,
    @Size(max = 30) List<@NotBlank @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})?") String> audioTracks,
    @Size(max = 60) List<@NotBlank @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})?") String> subtitleTracks,
    @Size(max = 300) List<@Valid @NotNull AvailabilityWindow> availability) {}

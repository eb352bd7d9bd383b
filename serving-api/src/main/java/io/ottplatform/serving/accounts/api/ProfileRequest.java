package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code maturityCeiling} is a rating label (ALL, 7+, 10+, 13+, 16+, 18+); kids profiles allow at most 10+. */
public record ProfileRequest(
    @NotBlank @Size(max = 40) String name,
    boolean kids,
    @Pattern(regexp = "ALL|7\\+|10\\+|13\\+|16\\+|18\\+", message = "must be one of ALL, 7+, 10+, 13+, 16+, 18+")
    String maturityCeiling) {}

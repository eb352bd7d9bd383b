package io.ottplatform.serving.admin.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record RoleRequest(@NotNull @Pattern(regexp = "viewer|editor|admin|analyst") String role) {}

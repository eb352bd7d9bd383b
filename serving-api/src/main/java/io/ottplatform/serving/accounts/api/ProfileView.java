package io.ottplatform.serving.api;

public record ProfileView(String id, String name, boolean kids, String maturityCeiling) {}

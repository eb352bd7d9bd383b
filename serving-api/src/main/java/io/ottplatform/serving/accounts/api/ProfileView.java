package io.ottplatform.serving.accounts.api;

public record ProfileView(String id, String name, boolean kids, String maturityCeiling) {}

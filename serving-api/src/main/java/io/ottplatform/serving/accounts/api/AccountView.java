package io.ottplatform.serving.api;

public record AccountView(String id, String email, String role, String plan) {}

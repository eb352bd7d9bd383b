package io.ottplatform.serving.accounts.api;

public record AccountView(String id, String email, String role, String plan) {}

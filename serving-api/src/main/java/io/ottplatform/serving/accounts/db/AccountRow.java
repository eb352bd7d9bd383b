package io.ottplatform.serving.accounts.db;

public record AccountRow(String id, String email, String passwordHash, String role, String plan) {}

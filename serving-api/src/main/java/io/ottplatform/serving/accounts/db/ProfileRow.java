package io.ottplatform.serving.db;

public record ProfileRow(String id, String accountId, String name, boolean kids, int maturityCeiling) {}

package io.ottplatform.serving.accounts.db;

public record ProfileRow(String id, String accountId, String name, boolean kids, int maturityCeiling) {}

package io.ottplatform.serving.catalog.db;

public record MediaAssetRow(String titleId, String mediaPath, byte[] keyId, byte[] contentKey) {}

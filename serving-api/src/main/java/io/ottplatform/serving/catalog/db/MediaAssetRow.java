package io.ottplatform.serving.db;

public record MediaAssetRow(String titleId, String mediaPath, byte[] keyId, byte[] contentKey) {}

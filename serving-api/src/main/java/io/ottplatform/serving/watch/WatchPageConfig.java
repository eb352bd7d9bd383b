package io.ottplatform.serving.watch;

/**
 * {@code GET /v1/watch/config}: what the watch page needs besides serving-api itself. Public and free of secrets:
 * every visitor's browser reads it before signing in.
 *
 * @param ingestUrl ingest-api's public base URL, the SDK's {@code endpoint}
 * @param sdkUrl the player SDK's script-tag build on this service
 */
public record WatchPageConfig(String ingestUrl, String sdkUrl) {}

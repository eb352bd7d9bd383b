package io.ottplatform.serving.dashboard.api;

/** {@code GET /v1/dashboard/views/{sessionId}}: the view's QoE and its event timeline. */
public record ViewDetail(ViewQoe view, Timeline timeline) {}

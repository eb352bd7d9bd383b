package io.ottplatform.recommender.experiment;

import java.io.Serializable;
import java.time.Instant;

/** One view of {@code analytics.view_sessions} that started playing: its title, start and watch time. */
public record Play(String sessionId, String titleId, Instant startedAt, long watchMs) implements Serializable {}

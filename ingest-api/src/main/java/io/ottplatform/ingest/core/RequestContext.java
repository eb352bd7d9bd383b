package io.ottplatform.ingest.core;

import java.time.Instant;

/** What ingest knows about the request itself, added to every event of the batch. */
public record RequestContext(Instant serverTs, String country, String clientIpPrefix,
                             UserAgentClassifier.Classification userAgent) {}

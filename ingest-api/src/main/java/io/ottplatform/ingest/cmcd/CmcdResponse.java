package io.ottplatform.ingest.cmcd;

import java.util.List;

/**
 * The answer to CMCD reports: how many Kafka acknowledged, and which lines were refused. {@code 200} when at
 * least one report was accepted (a refused line needs no resend: it will never be valid), {@code 400} when
 * none was. A plain 200 rather than 207 Multi-Status: players' CMCD reporters only look for 2xx (done), 410
 * (stop reporting) and 429/5xx (resend), and the JSON path answers the same way.
 */
public record CmcdResponse(int accepted, List<CmcdRejection> rejected) {}

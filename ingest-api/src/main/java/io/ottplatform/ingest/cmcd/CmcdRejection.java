package io.ottplatform.ingest.cmcd;

/**
 * One refused CMCD report: its line in the body (from 1; a {@code ?CMCD=} report is line 1), the CMCD key at
 * fault (empty when the line is not a dictionary at all) and why.
 */
public record CmcdRejection(int line, String key, String reason) {}

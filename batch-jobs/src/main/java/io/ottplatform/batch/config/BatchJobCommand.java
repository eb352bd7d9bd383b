package io.ottplatform.batch.config;

import io.ottplatform.lake.CommandFlags;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The batch jobs the jar runs, with the per-run values each needs and the short flags that set them. */
public enum BatchJobCommand {
  LAND("land", "Kafka playback.events -> raw.playback_events, exactly once (bad records -> raw.quarantine)",
      CommandFlags.of(), "land-events"),
  LAND_TITLES("land-titles", "Kafka catalog.changes -> dim.titles (SCD type 2: every version of a title), exactly once",
      CommandFlags.of()),
  LAND_IMPRESSIONS("land-impressions", "Kafka recommendations.impressions -> ml.impressions (by served day), "
      + "idempotent on impression id", CommandFlags.of()),
  SESSIONIZE("sessionize", "--date yyyy-MM-dd: raw events -> analytics.view_sessions (late days included), "
      + "then the daily aggregates of every recomputed day", CommandFlags.of("date", "sessionize.date")),
  MAINTAIN("maintain", "compact, rewrite manifests, expire snapshots, remove orphan files of every lake table",
      CommandFlags.of("snapshot-retention", "maintain.snapshot-retention", "orphan-age", "maintain.orphan-age"),
      "maintenance"),
  ERASE("erase", "--profile-id ID: delete one viewer from every table, rebuild the aggregates, prove it",
      CommandFlags.of("profile-id", "erase.profile-id"), "erasure");

  private final String command;
  private final String description;
  private final CommandFlags flags;
  private final List<String> aliases;

  BatchJobCommand(String command, String description, CommandFlags flags, String... aliases) {
    this.command = command;
    this.description = description;
    this.flags = flags;
    this.aliases = List.of(aliases);
  }

  public static Optional<BatchJobCommand> named(String name) {
    return Arrays.stream(values()).filter(c -> c.command.equals(name) || c.aliases.contains(name)).findFirst();
  }

  public String command() {
    return command;
  }

  public String description() {
    return description;
  }

  public CommandFlags flags() {
    return flags;
  }

  public boolean needsDate() {
    return this == SESSIONIZE;
  }

  public boolean needsViewer() {
    return this == ERASE;
  }
}

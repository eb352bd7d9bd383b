package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** tus uploads of source files and the media jobs they become (docs/media.md, "Upload"). */
public class MediaConfig {

  /** Where upload data is written while it arrives and where the worker reads the finished source. */
  @NotEmpty private String uploadDirectory = ".ott/uploads";
  /** The largest source accepted (Tus-Max-Size); a larger Upload-Length is refused with 413. */
  @Min(1) private long maxUploadBytes = 20L * 1024 * 1024 * 1024;
  /** An unfinished upload untouched for this long expires (Upload-Expires) and is removed by the cleaner. */
  @NotNull private Duration uploadExpiry = Duration.hours(24);
  /** How often the cleaner looks for expired uploads. */
  @NotNull private Duration cleanInterval = Duration.minutes(10);
  /** Ladder profile named in the media.jobs record. */
  @NotEmpty private String ladder = "default-h264";
  /** Encryption asked of the worker: NONE, AES_128 or CENC. */
  @NotEmpty private String encryption = "AES_128";

  /** media-pipeline's master key (keys.master-key): base64 of 32 bytes; empty: the development key file. */
  private String masterKey = "";
  /** media-pipeline's keys.master-key-file, the development key both sides read when masterKey is empty. */
  @NotEmpty private String masterKeyFile = ".ott/state/media-pipeline/master.key";

  @JsonProperty public String getMasterKey() { return masterKey == null ? "" : masterKey; }
  @JsonProperty public void setMasterKey(String v) { this.masterKey = v; }
  @JsonProperty public String getMasterKeyFile() { return masterKeyFile; }
  @JsonProperty public void setMasterKeyFile(String v) { this.masterKeyFile = v; }
  @JsonProperty public String getUploadDirectory() { return uploadDirectory; }
  @JsonProperty public void setUploadDirectory(String v) { this.uploadDirectory = v; }
  @JsonProperty public long getMaxUploadBytes() { return maxUploadBytes; }
  @JsonProperty public void setMaxUploadBytes(long v) { this.maxUploadBytes = v; }
  @JsonProperty public Duration getUploadExpiry() { return uploadExpiry; }
  @JsonProperty public void setUploadExpiry(Duration v) { this.uploadExpiry = v; }
  @JsonProperty public Duration getCleanInterval() { return cleanInterval; }
  @JsonProperty public void setCleanInterval(Duration v) { this.cleanInterval = v; }
  @JsonProperty public String getLadder() { return ladder; }
  @JsonProperty public void setLadder(String v) { this.ladder = v; }
  @JsonProperty public String getEncryption() { return encryption; }
  @JsonProperty public void setEncryption(String v) { this.encryption = v; }
}

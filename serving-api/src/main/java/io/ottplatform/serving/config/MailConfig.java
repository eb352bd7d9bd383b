package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * The SMTP server the mail outbox (password-reset mails) is delivered to. An empty {@code smtpHost} turns
 * delivery off: mails stay in {@code mail_outbox} until they expire, and the service says so at start.
 */
public class MailConfig {

  @NotNull private String smtpHost = "";
  @Min(1) @Max(65535) private int smtpPort = 25;
  /** The sender of every mail, e.g. {@code OTT <no-reply@example.com>}. */
  @NotEmpty private String from = "no-reply@localhost";
  /** SMTP AUTH user; empty: no authentication. */
  @NotNull private String username = "";
  @NotNull private String password = "";
  /** Require STARTTLS before anything is sent (set it for any server outside the host). */
  private boolean startTls;
  @NotNull private Duration pollInterval = Duration.seconds(2);
  @NotNull private Duration timeout = Duration.seconds(10);
  @Min(1) @Max(1000) private int batchSize = 20;
  /** The pause before the n-th retry of a failed mail is n times this (at most 15 minutes). */
  @NotNull private Duration retryPause = Duration.seconds(30);

  @JsonProperty public String getSmtpHost() { return smtpHost; }
  @JsonProperty public void setSmtpHost(String v) { this.smtpHost = v; }
  @JsonProperty public int getSmtpPort() { return smtpPort; }
  @JsonProperty public void setSmtpPort(int v) { this.smtpPort = v; }
  @JsonProperty public String getFrom() { return from; }
  @JsonProperty public void setFrom(String v) { this.from = v; }
  @JsonProperty public String getUsername() { return username; }
  @JsonProperty public void setUsername(String v) { this.username = v; }
  @JsonProperty public String getPassword() { return password; }
  @JsonProperty public void setPassword(String v) { this.password = v; }
  @JsonProperty public boolean isStartTls() { return startTls; }
  @JsonProperty public void setStartTls(boolean v) { this.startTls = v; }
  @JsonProperty public Duration getPollInterval() { return pollInterval; }
  @JsonProperty public void setPollInterval(Duration v) { this.pollInterval = v; }
  @JsonProperty public Duration getTimeout() { return timeout; }
  @JsonProperty public void setTimeout(Duration v) { this.timeout = v; }
  @JsonProperty public Duration getRetryPause() { return retryPause; }
  @JsonProperty public void setRetryPause(Duration v) { this.retryPause = v; }
  @JsonProperty public int getBatchSize() { return batchSize; }
  @JsonProperty public void setBatchSize(int v) { this.batchSize = v; }
}

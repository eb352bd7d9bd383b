package io.ottplatform.serving.health;

import com.codahale.metrics.health.HealthCheck;
import io.ottplatform.serving.catalog.db.OutboxDao;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Unhealthy when catalog changes wait in the outbox longer than the allowed lag (Kafka or relay down). */
public class OutboxHealthCheck extends HealthCheck {

  private final OutboxDao outbox;
  private final Duration maxLag;
  private final Clock clock;

  public OutboxHealthCheck(OutboxDao outbox, Duration maxLag, Clock clock) {
    this.outbox = outbox;
    this.maxLag = maxLag;
    this.clock = clock;
  }

  @Override
  protected Result check() {
    Optional<Duration> age = outbox.oldestUnsentAge(clock.instant());
    if (age.isPresent() && age.get().compareTo(maxLag) > 0) {
      return Result.unhealthy("oldest unsent catalog change is %s old (%d unsent)", age.get(), outbox.unsentCount());
    }
    return Result.healthy("oldest unsent change: %s", age.map(Duration::toString).orElse("none"));
  }
}

package io.ottplatform.guard;

import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.avro.ConcurrencyEvent;
import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keyed by account: keeps the account's {@link ActiveSessions} and emits a {@link ConcurrencyEvent}
 * when a session that was not active makes the account exceed its plan's limit (from the global
 * account.plans table, or the configured default). Times are ingest times ({@code server_ts}), the
 * clock the query API compares against; stale sessions are pruned on every event and by a
 * wall-clock punctuation so idle accounts do not keep state.
 */
final class ActiveSessionsProcessor implements Processor<String, PlaybackEvent, String, ConcurrencyEvent> {

  private final long activeForMs;
  private final int defaultLimit;
  private ProcessorContext<String, ConcurrencyEvent> context;
  private KeyValueStore<String, ActiveSessions> sessions;
  private TimestampedKeyValueStore<String, AccountPlan> plans;

  ActiveSessionsProcessor(GuardConfig config) {
    this.activeForMs = config.activeFor().toMillis();
    this.defaultLimit = config.defaultLimit();
  }

  @Override
  public void init(ProcessorContext<String, ConcurrencyEvent> context) {
    this.context = context;
    this.sessions = context.getStateStore(ConcurrencyGuard.ACTIVE_SESSIONS_STORE);
    this.plans = context.getStateStore(ConcurrencyGuard.ACCOUNT_PLANS_STORE);
    context.schedule(Duration.ofMillis(activeForMs / 2), PunctuationType.WALL_CLOCK_TIME, this::expireAll);
  }

  @Override
  public void process(Record<String, PlaybackEvent> record) {
    PlaybackEvent event = record.value();
    if (event == null) {
      return;
    }
    String account = event.getAccountId();
    long at = event.getServerTs().toEpochMilli();
    ActiveSessions s = sessions.get(account);
    if (s == null) {
      s = new ActiveSessions();
    }
    s.expire(at, activeForMs);
    EventType type = event.getEventType();
    if (type == EventType.VIEW_END || type == EventType.ENDED) {
      s.end(event.getSessionId(), at);
    } else if (s.touch(event.getSessionId(), at)) {
      List<String> active = s.activeAt(at, activeForMs);
      int limit = limitOf(plans, account, defaultLimit);
      if (active.size() > limit) {
        context.forward(new Record<>(account, ConcurrencyEvent.newBuilder()
            .setAccountId(account)
            .setActiveSessions(new ArrayList<>(active))
            .setLimit(limit)
            .setOffendingSessionId(event.getSessionId())
            .setDetectedAt(Instant.ofEpochMilli(at))
            .build(), record.timestamp()));
      }
    }
    if (s.isEmpty()) {
      sessions.delete(account);
    } else {
      sessions.put(account, s);
    }
  }

  static int limitOf(TimestampedKeyValueStore<String, AccountPlan> plans, String account, int defaultLimit) {
    ValueAndTimestamp<AccountPlan> plan = plans.get(account);
    return plan == null || plan.value() == null ? defaultLimit : plan.value().getMaxConcurrentStreams();
  }

  private void expireAll(long now) {
    List<KeyValue<String, ActiveSessions>> changed = new ArrayList<>();
    try (KeyValueIterator<String, ActiveSessions> it = sessions.all()) {
      while (it.hasNext()) {
        KeyValue<String, ActiveSessions> kv = it.next();
        kv.value.expire(now, activeForMs);
        changed.add(kv);
      }
    }
    for (KeyValue<String, ActiveSessions> kv : changed) {
      if (kv.value.isEmpty()) {
        sessions.delete(kv.key);
      } else {
        sessions.put(kv.key, kv.value);
      }
    }
  }
}

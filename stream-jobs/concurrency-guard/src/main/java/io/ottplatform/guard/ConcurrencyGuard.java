package io.ottplatform.guard;

import io.ottplatform.schemas.avro.AccountPlan;
import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.kafka.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The concurrent-stream guard's topology:
 *
 * <pre>
 * account.plans (compacted) --> global table "account-plans"
 * playback.events --selectKey(account_id)--> repartition "by-account"
 *   --> active-sessions (store "active-sessions") --> concurrency.events
 * </pre>
 */
public final class ConcurrencyGuard {

  public static final String ACTIVE_SESSIONS_STORE = "active-sessions";
  public static final String ACCOUNT_PLANS_STORE = "account-plans";

  /** What the query API answers for one account. */
  public record ActiveStreams(String accountId, List<String> sessionIds, int limit) {
    public int count() {
      return sessionIds.size();
    }

    /** False when a new stream would exceed the plan: serving-api refuses it. */
    public boolean mayStartAnother() {
      return sessionIds.size() < limit;
    }
  }

  private ConcurrencyGuard() {}

  public static Topology buildTopology(GuardConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable(Topics.ACCOUNT_PLANS.name(),
        Consumed.with(Topics.ACCOUNT_PLANS.keySerde(), Topics.ACCOUNT_PLANS.valueSerde()).withName("account-plans-source"),
        Materialized.<String, AccountPlan, KeyValueStore<Bytes, byte[]>>as(ACCOUNT_PLANS_STORE)
            .withKeySerde(Serdes.String()).withValueSerde(Topics.ACCOUNT_PLANS.valueSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ACTIVE_SESSIONS_STORE), Serdes.String(), ActiveSessions.serde()));

    builder.stream(Topics.PLAYBACK_EVENTS.name(),
            Consumed.with(Topics.PLAYBACK_EVENTS.keySerde(), Topics.PLAYBACK_EVENTS.valueSerde()).withName("playback-events"))
        .selectKey((sessionId, event) -> event.getAccountId(), Named.as("key-by-account"))
        .repartition(Repartitioned.<String, PlaybackEvent>as("by-account")
            .withKeySerde(Serdes.String()).withValueSerde(Topics.PLAYBACK_EVENTS.valueSerde()))
        .process(() -> new ActiveSessionsProcessor(config), Named.as("active-sessions"), ACTIVE_SESSIONS_STORE)
        .to(Topics.CONCURRENCY_EVENTS.name(),
            Produced.with(Topics.CONCURRENCY_EVENTS.keySerde(), Topics.CONCURRENCY_EVENTS.valueSerde())
                .withName("concurrency-events"));
    return builder.build();
  }

  /** The account's active streams at {@code now} (epoch millis, ingest clock), from local stores. */
  public static ActiveStreams query(ReadOnlyKeyValueStore<String, ActiveSessions> sessions,
      ReadOnlyKeyValueStore<String, AccountPlan> plans, GuardConfig config, String accountId, long now) {
    ActiveSessions s = sessions.get(accountId);
    List<String> ids = s == null ? List.of() : s.activeAt(now, config.activeFor().toMillis());
    AccountPlan plan = plans.get(accountId);
    return new ActiveStreams(accountId, ids, plan == null ? config.defaultLimit() : plan.getMaxConcurrentStreams());
  }
}

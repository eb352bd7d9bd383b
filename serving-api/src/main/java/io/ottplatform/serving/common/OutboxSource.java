package io.ottplatform.serving.common;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A transactional outbox table that {@link OutboxRelay} publishes to one Kafka topic: rows are appended
 * in the transaction of the change they describe, and locked, sent and marked sent by the relay.
 *
 * @param <V> the topic's value type
 */
public interface OutboxSource<V> {

  /** One unsent row as the record to publish: its outbox id, the Kafka key and the value. */
  record Pending<V>(long id, String key, V value) {}

  Jdbi jdbi();

  /** The oldest unsent rows, locked ({@code FOR UPDATE SKIP LOCKED}) so a second relay skips them. */
  List<Pending<V>> lockUnsent(Handle h, int limit);

  void markSent(Handle h, List<Long> ids);
}

package io.ottplatform.schemas.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic of the platform: its name, key and value types with their serdes, and how it is laid
 * out. Every module reads and writes topics through these, so a name or a serde is never spelled twice.
 *
 * @param retention how long records are kept; {@code null} for forever (compacted topics)
 */
public record Topic<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    Duration retention,
    boolean compacted,
    String description) {

  public NewTopic toNewTopic(short replicationFactor) {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
        compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }
}

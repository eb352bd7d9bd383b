package io.ottplatform.ingest.kafka;

import io.ottplatform.ingest.IngestConfiguration.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The producer's properties: durability fixed (idempotent, acks=all), the rest from configuration. */
public final class ProducerSettings {

  private ProducerSettings() {}

  public static Properties of(KafkaSettings k) {
    Properties p = new Properties();
    p.putAll(k.producerOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, p.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "ingest-api"));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // the most idempotence keeps in order
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(k.lingerMs));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(k.batchSize.toBytes()));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(k.bufferMemory.toBytes()));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(k.maxBlock.toMilliseconds()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(k.deliveryTimeout.toMilliseconds()));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(k.requestTimeout.toMilliseconds()));
    p.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    return p;
  }
}

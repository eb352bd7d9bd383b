package io.ottplatform.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.ottplatform.ingest.kafka.KafkaCircuit;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** Healthy when the broker answers and the last send did not fail. */
public final class KafkaHealthCheck extends HealthCheck {

  private final Admin admin;
  private final KafkaCircuit circuit;

  public KafkaHealthCheck(Admin admin, KafkaCircuit circuit) {
    this.admin = admin;
    this.circuit = circuit;
  }

  @Override
  protected Result check() {
    int nodes;
    try {
      nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
    } catch (Exception e) {
      return Result.unhealthy("the Kafka cluster does not answer: %s", e.getMessage());
    }
    if (nodes == 0) {
      return Result.unhealthy("the Kafka cluster has no brokers");
    }
    if (circuit.isOpen()) {
      return Result.unhealthy("%d broker(s) answer, but the last send failed: %s", nodes, circuit.lastFailure());
    }
    return Result.healthy("%d broker(s)", nodes);
  }
}

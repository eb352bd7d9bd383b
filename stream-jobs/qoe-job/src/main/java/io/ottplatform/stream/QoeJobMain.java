package io.ottplatform.stream;

import io.ottplatform.stream.connectors.KafkaConnectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the QoE job: on a Flink cluster ({@code flink run stream-jobs.jar ...}) or, started as a
 * plain Java main, on a local MiniCluster. Reads the config and plugs in the real connectors; see
 * docs/stream-jobs.md and {@link QoeJobConfig} for the settings.
 */
public final class QoeJobMain {

  private QoeJobMain() {}

  public static void main(String[] args) throws Exception {
    QoeJobConfig config = QoeJobConfig.load(args, System.getenv());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    QoeJob.configure(env, config);
    QoeJob.build(env, config, KafkaConnectors.playbackEvents(config), QoeJob.Sinks.real(config));
    env.execute("ott-qoe " + config.inputTopic());
  }
}

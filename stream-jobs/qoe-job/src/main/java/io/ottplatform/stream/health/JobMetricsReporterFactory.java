package io.ottplatform.stream.health;

import java.time.Clock;
import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** How Flink creates {@link JobMetricsReporter} ({@code metrics.reporter.qoe-health.factory.class}). */
public final class JobMetricsReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new JobMetricsReporter(Clock.systemUTC());
  }
}

package io.ottplatform.health;

import java.util.Locale;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format: {@code # HELP} and {@code # TYPE} before each metric's samples.
 * A metric without a value (e.g. an age before the first event) is written as HELP and TYPE only.
 */
public final class PrometheusText {

  private final StringBuilder out = new StringBuilder();

  public PrometheusText gauge(String name, String help, Number value) {
    return metric(name, "gauge", help, value);
  }

  public PrometheusText counter(String name, String help, Number value) {
    return metric(name, "counter", help, value);
  }

  /** One sample per entry, labelled {@code label="key"}. */
  public PrometheusText labelled(String name, String type, String help, String label, Map<String, ? extends Number> values) {
    header(name, type, help);
    values.forEach((key, value) -> out.append(name).append('{').append(label).append("=\"").append(escape(key))
        .append("\"} ").append(format(value)).append('\n'));
    return this;
  }

  private PrometheusText metric(String name, String type, String help, Number value) {
    header(name, type, help);
    if (value != null) {
      out.append(name).append(' ').append(format(value)).append('\n');
    }
    return this;
  }

  private void header(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** Whole numbers as such, others with one decimal (ages and seconds: finer is noise). */
  private static String format(Number value) {
    if (value instanceof Double || value instanceof Float) {
      return String.format(Locale.ROOT, "%.1f", value.doubleValue());
    }
    return value.toString();
  }

  private static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}

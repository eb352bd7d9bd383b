package io.ottplatform.stream.functions;

import io.ottplatform.schemas.qoe.QoeDimensionValue;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends each signal to the GLOBAL row and to its title, CDN, country, device-type and player rows. */
public final class ExplodeDimensions implements FlatMapFunction<QoeSignal, DimensionSignal> {

  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(QoeSignal signal, Collector<DimensionSignal> out) {
    for (QoeDimensionValue row : signal.rows()) {
      out.collect(new DimensionSignal(rowKey(row), signal));
    }
  }

  public static String rowKey(QoeDimensionValue row) {
    return row.dimension().name() + "|" + row.value();
  }

  public static QoeDimensionValue parseRow(String rowKey) {
    int bar = rowKey.indexOf('|');
    return new QoeDimensionValue(io.ottplatform.schemas.avro.QoeDimension.valueOf(rowKey.substring(0, bar)),
        rowKey.substring(bar + 1));
  }
}

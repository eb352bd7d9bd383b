package io.ottplatform.stream.functions;

/** A {@link QoeSignal} routed to one aggregate row ({@code DIMENSION|value}); a Flink POJO. */
public class DimensionSignal {

  /** {@code DIMENSION|value}: the key of the aggregate row. */
  public String row;
  public QoeSignal signal;

  public DimensionSignal() {}

  public DimensionSignal(String row, QoeSignal signal) {
    this.row = row;
    this.signal = signal;
  }

  public String getRow() {
    return row;
  }
}

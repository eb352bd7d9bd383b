package io.ottplatform.schemas.qoe;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A mergeable quantile sketch (Apache DataSketches KLL) for QoE percentiles. Percentiles of a
 * coarser window come from merging the finer windows' sketches, never from averaging percentiles.
 * Exact while it holds at most {@link #DEFAULT_K} values; beyond that the rank error is about 1.3 %.
 *
 * <p>The serialized form ({@link #toBytes()}) is the standard KLL one, readable by any DataSketches
 * library (Java, C++, Python).
 */
public final class QuantileSketch implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  /** KLL accuracy parameter: normalized rank error about 1.65 % at the 99th confidence level. */
  public static final int DEFAULT_K = 200;

  private transient KllDoublesSketch sketch;

  public QuantileSketch() {
    this(KllDoublesSketch.newHeapInstance(DEFAULT_K));
  }

  private QuantileSketch(KllDoublesSketch sketch) {
    this.sketch = sketch;
  }

  public static QuantileSketch fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("cannot read a quantile sketch from no bytes");
    }
    return new QuantileSketch(KllDoublesSketch.heapify(Memory.wrap(bytes)));
  }

  public void update(double value) {
    sketch.update(value);
  }

  /** Adds every value of {@code other} to this sketch; {@code other} is unchanged. */
  public QuantileSketch merge(QuantileSketch other) {
    if (!other.isEmpty()) {
      sketch.merge(other.sketch);
    }
    return this;
  }

  public boolean isEmpty() {
    return sketch.isEmpty();
  }

  public long count() {
    return sketch.getN();
  }

  /**
   * The value at normalized rank {@code rank} (0.5 for the median), inclusive: the smallest value
   * that at least {@code rank} of the values are less than or equal to. Null when empty.
   */
  public Double quantile(double rank) {
    if (rank < 0 || rank > 1) {
      throw new IllegalArgumentException("rank must be in [0, 1]: " + rank);
    }
    return sketch.isEmpty() ? null : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
  }

  public byte[] toBytes() {
    return sketch.toByteArray();
  }

  public QuantileSketch copy() {
    return fromBytes(toBytes());
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    byte[] bytes = toBytes();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
  }
}

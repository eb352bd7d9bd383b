package io.ottplatform.recommender.model;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/** The item factor matrix of a fitted model, small enough to broadcast (items × rank floats). */
public final class ItemFactors implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] ids;
  private final float[][] vectors;

  public ItemFactors(int[] ids, float[][] vectors) {
    if (ids.length != vectors.length) {
      throw new IllegalArgumentException(ids.length + " ids for " + vectors.length + " vectors");
    }
    this.ids = ids;
    this.vectors = vectors;
  }

  /** From ALSModel.itemFactors() rows (id INT, features ARRAY&lt;FLOAT&gt;), ordered by id. */
  public static ItemFactors fromRows(List<Row> rows) {
    int[] ids = new int[rows.size()];
    float[][] vectors = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      ids[i] = r.getInt(0);
      vectors[i] = floats(r.getList(1));
    }
    return new ItemFactors(ids, vectors);
  }

  static float[] floats(List<Object> list) {
    float[] v = new float[list.size()];
    for (int f = 0; f < v.length; f++) {
      v[f] = ((Number) list.get(f)).floatValue();
    }
    return v;
  }

  public int size() {
    return ids.length;
  }

  public int id(int index) {
    return ids[index];
  }

  public float[] vector(int index) {
    return vectors[index];
  }
}

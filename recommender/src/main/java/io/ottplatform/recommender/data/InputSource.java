package io.ottplatform.recommender.data;

/**
 * Where a run's interactions came from: the lake table and the Iceberg snapshot read (so the run can
 * be repeated on exactly the same rows), or a CSV file (no snapshot).
 */
public record InputSource(String table, Long snapshotId) {

  public static InputSource csv(String path) {
    return new InputSource("csv:" + path, null);
  }
}

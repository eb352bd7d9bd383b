package io.ottplatform.recommender.model;

import java.util.stream.IntStream;

/**
 * The inverse of a symmetric positive-definite matrix (row-major, n × n) by Cholesky: A = L·Lᵀ, then L⁻¹,
 * then A⁻¹ = L⁻ᵀ·L⁻¹, each about n³/6 multiply-adds over contiguous rows, the rows of one step in
 * parallel. Plain Java: a few thousand titles invert in seconds, and the recommender needs no native BLAS.
 */
final class SymmetricInverse {

  private SymmetricInverse() {}

  /** Inverts {@code a} in place; throws if it is not positive definite. */
  static void invert(double[] a, int n) {
    double[][] l = new double[n][];
    for (int i = 0; i < n; i++) {
      l[i] = new double[i + 1];
    }
    // Cholesky, column by column: L[i][j] = (A[i][j] − Σ_k<j L[i][k]·L[j][k]) / L[j][j]
    for (int j = 0; j < n; j++) {
      double[] lj = l[j];
      double d = a[j * n + j] - dot(lj, lj, j);
      if (!(d > 0)) {
        throw new IllegalArgumentException("matrix is not positive definite at row " + j + " (pivot " + d + ")");
      }
      lj[j] = Math.sqrt(d);
      final int col = j;
      final double pivot = lj[j];
      IntStream.range(j + 1, n).parallel().forEach(i -> l[i][col] = (a[i * n + col] - dot(l[i], lj, col)) / pivot);
    }
    // M = L⁻¹ (lower triangular), row by row: M[i][j] = −(Σ_{j≤k<i} L[i][k]·M[k][j]) / L[i][i], M[i][i] = 1/L[i][i]
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] mi = new double[i + 1];
      double[] li = l[i];
      for (int k = 0; k < i; k++) {
        double lik = li[k];
        if (lik != 0) {
          double[] mk = m[k];
          for (int j = 0; j <= k; j++) {
            mi[j] -= lik * mk[j];
          }
        }
      }
      double inv = 1 / li[i];
      for (int j = 0; j < i; j++) {
        mi[j] *= inv;
      }
      mi[i] = inv;
      m[i] = mi;
      l[i] = null; // L's row is no longer needed
    }
    // A⁻¹[i][j] = Σ_{k ≥ max(i,j)} M[k][i]·M[k][j]: row i of the result from rows k ≥ i of M
    IntStream.range(0, n).parallel().forEach(i -> {
      double[] row = new double[n];
      for (int k = i; k < n; k++) {
        double mki = m[k][i];
        if (mki != 0) {
          double[] mk = m[k];
          for (int j = 0; j <= k; j++) {
            row[j] += mki * mk[j];
          }
        }
      }
      System.arraycopy(row, 0, a, i * n, n);
    });
  }

  private static double dot(double[] x, double[] y, int length) {
    double s = 0;
    for (int k = 0; k < length; k++) {
      s += x[k] * y[k];
    }
    return s;
  }
}

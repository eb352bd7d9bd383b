package io.ottplatform.recommender.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The readable end of a run: one line per model, the same columns for ALS and the baseline. */
public final class MetricsTable {

  private final List<String[]> rows = new ArrayList<>();

  public MetricsTable add(String model, RankingMetrics m) {
    rows.add(new String[] {model, f(m.ndcg()), f(m.precision()), f(m.recall()), f(m.map()), f(m.coverage()),
        String.format(Locale.ROOT, "%.2f", m.novelty()), Long.toString(m.users())});
    return this;
  }

  public String render() {
    String[] header = {"model", "ndcg@10", "precision@10", "recall@10", "map@10", "coverage", "novelty", "users"};
    int[] width = new int[header.length];
    List<String[]> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < all.size(); n++) {
      String[] r = all.get(n);
      for (int i = 0; i < r.length; i++) {
        String cell = i == 0 ? pad(r[i], width[i], false) : pad(r[i], width[i], true);
        sb.append(cell).append(i + 1 < r.length ? "  " : "\n");
      }
      if (n == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        sb.append("-".repeat(total - 2)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String pad(String s, int width, boolean right) {
    String space = " ".repeat(width - s.length());
    return right ? space + s : s + space;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}

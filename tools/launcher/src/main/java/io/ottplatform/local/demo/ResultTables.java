package io.ottplatform.local.demo;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as an aligned text table, as psql and the Trino CLI print them. */
final class ResultTables {

  private ResultTables() {}

  static void print(ResultSet rows, PrintStream out) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int columns = meta.getColumnCount();
    List<String[]> lines = new ArrayList<>();
    String[] header = new String[columns];
    for (int c = 0; c < columns; c++) {
      header[c] = meta.getColumnLabel(c + 1);
    }
    lines.add(header);
    while (rows.next()) {
      String[] line = new String[columns];
      for (int c = 0; c < columns; c++) {
        Object v = rows.getObject(c + 1);
        line[c] = v == null ? "" : v.toString();
      }
      lines.add(line);
    }
    print(lines, out);
  }

  /** Rows computed in Java, the header first, printed like a query's. */
  static void print(List<String[]> lines, PrintStream out) {
    int columns = lines.get(0).length;
    int[] widths = new int[columns];
    for (String[] line : lines) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], line[c].length());
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      StringBuilder sb = new StringBuilder(" ");
      for (int c = 0; c < columns; c++) {
        sb.append(String.format("%-" + widths[c] + "s", lines.get(i)[c])).append(c + 1 < columns ? " | " : "");
      }
      out.println(sb.toString().stripTrailing());
      if (i == 0) {
        StringBuilder rule = new StringBuilder("-");
        for (int c = 0; c < columns; c++) {
          rule.append("-".repeat(widths[c])).append(c + 1 < columns ? "-+-" : "-");
        }
        out.println(rule);
      }
    }
    out.println("(" + (lines.size() - 1) + " rows)");
  }
}

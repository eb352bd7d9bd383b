package io.ottplatform.recommender.data;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the catalog's metadata from serving-api's {@code titles} table (its Liquibase changelog owns it;
 * the recommender only reads id, genres, cast_members and release_year, in the database it exports to
 * anyway). Seasons are left out: a viewer watches a series or its episodes, never a season as such.
 */
public final class CatalogTitles {

  private CatalogTitles() {}

  public static List<CatalogTitle> fromServingDb(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, genres, cast_members, release_year FROM titles "
            + "WHERE kind <> 'season' ORDER BY id")) {
      List<CatalogTitle> out = new ArrayList<>();
      while (rs.next()) {
        int year = rs.getInt(4);
        out.add(CatalogTitle.of(rs.getString(1), strings(rs.getArray(2)), strings(rs.getArray(3)),
            rs.wasNull() ? null : year));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the catalog (titles) from " + url + " for similar titles of unwatched "
          + "titles: " + e.getMessage() + " (--catalog none skips it)", e);
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}

package io.ottplatform.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ids the fleet plays with instead of its made-up ones ({@code acc-000042}, {@code title-0007}), so
 * that the lake, and the models trained on it, speak of accounts, profiles and titles that exist in
 * serving-api. Read from {@code --identities FILE}:
 * <pre>{"accounts":[{"accountId":"acc-..","profileIds":["prof-.."]}],"titleIds":["tt-.."]}</pre>
 * Simulated account {@code i} becomes {@code accounts[i % n]}, its profile one of that account's
 * {@code profileIds} (a stable function of the view), title index {@code j} becomes {@code titleIds[j % m]}.
 */
public record FleetIdentities(List<Account> accounts, List<String> titleIds) {

  public record Account(String accountId, List<String> profileIds) {}

  public FleetIdentities {
    List<String> errors = new ArrayList<>();
    if (accounts == null || accounts.isEmpty()) {
      errors.add("no accounts");
    } else {
      for (int i = 0; i < accounts.size(); i++) {
        Account a = accounts.get(i);
        if (a.accountId() == null || a.accountId().isBlank()) {
          errors.add("accounts[" + i + "] has no accountId");
        }
        if (a.profileIds() == null || a.profileIds().isEmpty() || a.profileIds().stream().anyMatch(p -> p == null || p.isBlank())) {
          errors.add("accounts[" + i + "] (" + a.accountId() + ") needs non-blank profileIds: " + a.profileIds());
        }
      }
    }
    if (titleIds == null || titleIds.isEmpty() || titleIds.stream().anyMatch(t -> t == null || t.isBlank())) {
      errors.add("titleIds must be a non-empty list of non-blank ids: " + titleIds);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid identities: " + String.join("; ", errors));
    }
    accounts = List.copyOf(accounts);
    titleIds = List.copyOf(titleIds);
  }

  public Account account(int index) {
    return accounts.get(Math.floorMod(index, accounts.size()));
  }

  /** One of the account's profiles, chosen by {@code draw} (any stable non-negative number). */
  public String profile(Account account, long draw) {
    return account.profileIds().get((int) Math.floorMod(draw, (long) account.profileIds().size()));
  }

  public String title(int index) {
    return titleIds.get(Math.floorMod(index, titleIds.size()));
  }

  public static FleetIdentities read(Path file) throws IOException {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  public static FleetIdentities parse(String json) {
    Object root = new MiniJson(json).document();
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("identities must be a JSON object");
    }
    List<Account> accounts = new ArrayList<>();
    for (Object o : list(map.get("accounts"), "accounts")) {
      if (!(o instanceof Map<?, ?> a)) {
        throw new IllegalArgumentException("each account must be an object: " + o);
      }
      accounts.add(new Account(string(a.get("accountId"), "accountId"),
          list(a.get("profileIds"), "profileIds").stream().map(p -> string(p, "profileIds[]")).toList()));
    }
    return new FleetIdentities(accounts, list(map.get("titleIds"), "titleIds").stream().map(t -> string(t, "titleIds[]")).toList());
  }

  private static List<Object> list(Object o, String field) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(field + " must be a list, not " + o);
    }
    return new ArrayList<>(l);
  }

  private static String string(Object o, String field) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException(field + " must be a string, not " + o);
    }
    return s;
  }

  /**
   * Just enough JSON (objects, arrays, strings, numbers, true/false/null) for this file: the simulator
   * keeps its dependencies to the contract and the Kafka client.
   */
  static final class MiniJson {
    private final String s;
    private int i;

    MiniJson(String s) {
      this.s = s;
    }

    Object document() {
      Object v = value();
      skipSpace();
      if (i != s.length()) {
        throw error("trailing characters");
      }
      return v;
    }

    private Object value() {
      skipSpace();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{': return object();
        case '[': return array();
        case '"': return string();
        default:
          if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
          if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
          if (s.startsWith("null", i)) { i += 4; return null; }
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      skipSpace();
      if (peek() == '}') { i++; return m; }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("expected a field name");
        }
        String key = string();
        skipSpace();
        expect(':');
        m.put(key, value());
        skipSpace();
        if (peek() == ',') { i++; continue; }
        expect('}');
        return m;
      }
    }

    private List<Object> array() {
      List<Object> l = new ArrayList<>();
      i++;
      skipSpace();
      if (peek() == ']') { i++; return l; }
      while (true) {
        l.add(value());
        skipSpace();
        if (peek() == ',') { i++; continue; }
        expect(']');
        return l;
      }
    }

    private String string() {
      StringBuilder b = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
            default -> b.append(e); // \" \\ \/
          }
        } else {
          b.append(c);
        }
      }
      throw error("unterminated string");
    }

    private Double number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (start == i) {
        throw error("unexpected character '" + s.charAt(i) + "'");
      }
      return Double.parseDouble(s.substring(start, i));
    }

    private char peek() {
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("not valid JSON at character " + i + ": " + what);
    }
  }
}

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
 * <pre>{"accounts":[{"accountId":"acc-..","profileIds":["prof-.."],
 *   "email":"viewer1@example.com","password":"..","deviceId":"tv-1"}],"titleIds":["tt-.."]}</pre>
 * ({@code email}, {@code password} and {@code deviceId} are needed only to play with serving-api's grants.)
 * Simulated account {@code i} becomes {@code accounts[i % n]}, its profile one of that account's
 * {@code profileIds} (a stable function of the view), title index {@code j} becomes {@code titleIds[j % m]}.
 */
public record FleetIdentities(List<Account> accounts, List<String> titleIds) {

  /**
   * A viewer account; {@code email}, {@code password} and {@code deviceId} (may be null) let the simulator
   * log in as the account's app would and ask serving-api for each view's grant ({@code --serving}).
   */
  public record Account(String accountId, List<String> profileIds, String email, String password, String deviceId) {

    public Account(String accountId, List<String> profileIds) {
      this(accountId, profileIds, null, null, null);
    }

    public boolean canLogIn() {
      return email != null && !email.isBlank() && password != null && !password.isEmpty();
    }
  }

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
          list(a.get("profileIds"), "profileIds").stream().map(p -> string(p, "profileIds[]")).toList(),
          optional(a.get("email"), "email"), optional(a.get("password"), "password"),
          optional(a.get("deviceId"), "deviceId")));
    }
    return new FleetIdentities(accounts, list(map.get("titleIds"), "titleIds").stream().map(t -> string(t, "titleIds[]")).toList());
  }

  private static List<Object> list(Object o, String field) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(field + " must be a list, not " + o);
    }
    return new ArrayList<>(l);
  }

  private static String optional(Object o, String field) {
    return o == null ? null : string(o, field);
  }

  private static String string(Object o, String field) {
    if (!(o instanceof String s)) {
      throw new IllegalArgumentException(field + " must be a string, not " + o);
    }
    return s;
  }
}

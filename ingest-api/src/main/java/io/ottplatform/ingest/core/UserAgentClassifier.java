package io.ottplatform.ingest.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Device class, OS and browser from the User-Agent header, with Yauaa (a maintained, rule-based parser
 * that knows TVs, consoles and set-top boxes, which OTT traffic is full of). Only the fields used here
 * are computed, and results are cached per User-Agent string: a fleet sends few distinct ones.
 */
public final class UserAgentClassifier {

  /** What the User-Agent says; {@code null} where it says nothing useful. */
  public record Classification(String deviceType, String os, String osVersion, String browser, String browserVersion) {
    public static final Classification UNKNOWN = new Classification(null, null, null, null, null);
  }

  private final UserAgentAnalyzer analyzer;
  private final Cache<String, Classification> classified;

  public UserAgentClassifier(int cacheSize) {
    // the cache holds our small result, not Yauaa's: a hit in Yauaa's own cache still copies its
    // UserAgent result (field maps and sets) on every request
    this.analyzer = UserAgentAnalyzer.newBuilder()
        .withFields(UserAgent.DEVICE_CLASS, UserAgent.OPERATING_SYSTEM_NAME, UserAgent.OPERATING_SYSTEM_VERSION,
            UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME, UserAgent.AGENT_VERSION)
        .withoutCache()
        .hideMatcherLoadStats()
        .immediateInitialization()
        .build();
    this.classified = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  public Classification classify(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return Classification.UNKNOWN;
    }
    String key = userAgent.length() > 1024 ? userAgent.substring(0, 1024) : userAgent;
    return classified.get(key, this::parse);
  }

  private Classification parse(String userAgent) {
    UserAgent ua = analyzer.parse(userAgent);
    boolean browser = "Browser".equals(ua.getValue(UserAgent.AGENT_CLASS))
        || "Browser Webview".equals(ua.getValue(UserAgent.AGENT_CLASS));
    return new Classification(
        deviceType(ua.getValue(UserAgent.DEVICE_CLASS)),
        known(ua.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
        known(ua.getValue(UserAgent.OPERATING_SYSTEM_VERSION)),
        browser ? known(ua.getValue(UserAgent.AGENT_NAME)) : null,
        browser ? known(ua.getValue(UserAgent.AGENT_VERSION)) : null);
  }

  /** Yauaa's device classes onto the contract's desktop, mobile, tablet, tv, console ({@code null}: unknown). */
  static String deviceType(String deviceClass) {
    if (deviceClass == null) {
      return null;
    }
    return switch (deviceClass) {
      case "Desktop" -> "desktop";
      case "Phone", "Mobile", "Watch" -> "mobile";
      case "Tablet" -> "tablet";
      case "TV", "Set-top box" -> "tv";
      case "Game Console", "Handheld Game Console" -> "console";
      default -> null;
    };
  }

  private static String known(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.toLowerCase(Locale.ROOT);
    return v.equals("unknown") || v.equals("??") || v.startsWith("hacker") ? null : value;
  }
}

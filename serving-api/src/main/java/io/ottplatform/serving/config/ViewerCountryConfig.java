package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the viewer's country comes from: a header set by the CDN, believed only when the request
 * arrives from one of {@link #trustedProxies}. Anyone else could set the header themselves.
 */
public class ViewerCountryConfig {

  @NotEmpty private String header = "CloudFront-Viewer-Country";
  /** CIDRs of the CDN / load balancer, e.g. {@code 10.0.0.0/8}; empty trusts no one. */
  @NotNull private List<String> trustedProxies = new ArrayList<>();
  /** Country assumed when the header is absent or untrusted; empty means "unknown" (nothing is available). */
  @Pattern(regexp = "^$|^[A-Z]{2}$") private String fallbackCountry = "";

  @JsonProperty public String getHeader() { return header; }
  @JsonProperty public void setHeader(String v) { this.header = v; }
  @JsonProperty public List<String> getTrustedProxies() { return trustedProxies; }
  @JsonProperty public void setTrustedProxies(List<String> v) { this.trustedProxies = v; }
  @JsonProperty public String getFallbackCountry() { return fallbackCountry; }
  @JsonProperty public void setFallbackCountry(String v) { this.fallbackCountry = v; }
}

package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Subscription plans and their limits. Until the billing issue lands every account gets
 * {@link #defaultPlan}; an account whose plan is not listed here is not entitled to play.
 */
public class PlansConfig {

  @NotEmpty private String defaultPlan = "standard";
  @Valid @NotEmpty private Map<String, Plan> plans = new LinkedHashMap<>(Map.of(
      "basic", new Plan(2, 1), "standard", new Plan(5, 2), "premium", new Plan(10, 4)));

  @JsonProperty public String getDefaultPlan() { return defaultPlan; }
  @JsonProperty public void setDefaultPlan(String v) { this.defaultPlan = v; }
  @JsonProperty public Map<String, Plan> getPlans() { return plans; }
  @JsonProperty public void setPlans(Map<String, Plan> v) { this.plans = v; }

  @AssertTrue(message = "defaultPlan must name one of the plans")
  public boolean isDefaultPlanKnown() {
    return plans != null && plans.containsKey(defaultPlan);
  }

  public static class Plan {
    @Min(1) private int maxDevices;
    @Min(1) private int maxStreams;

    public Plan() {}

    public Plan(int maxDevices, int maxStreams) {
      this.maxDevices = maxDevices;
      this.maxStreams = maxStreams;
    }

    @JsonProperty public int getMaxDevices() { return maxDevices; }
    @JsonProperty public void setMaxDevices(int v) { this.maxDevices = v; }
    @JsonProperty public int getMaxStreams() { return maxStreams; }
    @JsonProperty public void setMaxStreams(int v) { this.maxStreams = v; }
  }
}

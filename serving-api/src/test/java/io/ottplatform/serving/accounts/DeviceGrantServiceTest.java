package io.ottplatform.serving.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceGrantServiceTest {

  @Test
  void userCodesAreEightConsonantsInTwoGroups() {
    for (int i = 0; i < 200; i++) {
      assertThat(DeviceGrantService.userCode()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
    }
  }

  @Test
  void acceptsTheCodeAsPeopleTypeIt() {
    assertThat(DeviceGrantService.normalize("wdjb mjht")).isEqualTo("WDJB-MJHT");
    assertThat(DeviceGrantService.normalize("WDJBMJHT")).isEqualTo("WDJB-MJHT");
    assertThat(DeviceGrantService.normalize("wdjb-mjht")).isEqualTo("WDJB-MJHT");
  }
}

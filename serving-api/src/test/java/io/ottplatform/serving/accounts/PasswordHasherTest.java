package io.ottplatform.serving.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(4096, 1, 1);

  @Test
  void hashesInPhcFormatWithARandomSaltAndVerifiesOnlyTheRightPassword() {
    String a = hasher.hash("correct horse battery");
    String b = hasher.hash("correct horse battery");

    assertThat(a).startsWith("$argon2id$v=19$m=4096,t=1,p=1$").doesNotContain("correct");
    assertThat(a).as("salted: same password, different hash").isNotEqualTo(b);
    assertThat(hasher.verify("correct horse battery", a)).isTrue();
    assertThat(hasher.verify("correct horse batterY", a)).isFalse();
  }

  @Test
  void verifiesHashesMadeWithOtherCostParameters() {
    String old = new PasswordHasher(8192, 2, 1).hash("s3cret-passphrase");

    assertThat(hasher.verify("s3cret-passphrase", old)).isTrue();
  }

  @Test
  void rejectsForeignOrBrokenHashFormats() {
    assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
    assertThat(hasher.verify("x", "plain")).isFalse();
    assertThat(hasher.verifyAgainstDummy("anything")).isFalse();
  }
}

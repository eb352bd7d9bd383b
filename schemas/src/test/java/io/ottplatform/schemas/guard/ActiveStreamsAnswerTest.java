package io.ottplatform.schemas.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveStreamsAnswerTest {

  @Test
  void encodesTheDocumentedShape() {
    assertThat(ActiveStreamsAnswer.of("acct-1", List.of("s2", "s3"), 2).toJson()).isEqualTo(
        "{\"account_id\":\"acct-1\",\"active_streams\":2,\"limit\":2,\"may_start_another\":false,"
            + "\"session_ids\":[\"s2\",\"s3\"]}");
  }

  @Test
  void roundTripsStringsThatNeedEscaping() {
    String awkward = "a\"b\\c\n\t\u0001/é😀\u2028";
    ActiveStreamsAnswer answer = ActiveStreamsAnswer.of(awkward, List.of(awkward, "plain"), 5);
    String json = answer.toJson();
    assertThat(json).doesNotContain("\n").doesNotContain("\u0001").doesNotContain("\u2028");
    assertThat(ActiveStreamsAnswer.parse(json)).isEqualTo(answer);
  }

  @Test
  void roundTripsAnEmptyAccount() {
    ActiveStreamsAnswer none = ActiveStreamsAnswer.of("acct", List.of(), 1);
    assertThat(ActiveStreamsAnswer.parse(none.toJson())).isEqualTo(none);
    assertThat(none.mayStartAnother()).isTrue();
  }

  @Test
  void readsFieldsInAnyOrderWithWhitespaceAndSkipsUnknownOnes() {
    ActiveStreamsAnswer a = ActiveStreamsAnswer.parse(" { \"session_ids\" : [ \"s1\" ] , \"limit\":3,"
        + "\"future\":{\"x\":[1,2.5e3,null,true]}, \"may_start_another\":true,\"active_streams\":1,"
        + "\"account_id\":\"\\u0061cct\" }\n");
    assertThat(a).isEqualTo(new ActiveStreamsAnswer("acct", 1, 3, true, List.of("s1")));
  }

  @Test
  void theOldServingFormatIsRefusedNotReadAsZero() {
    assertThatThrownBy(() -> ActiveStreamsAnswer.parse(
        "{\"accountId\":\"a\",\"active\":1,\"sessions\":[\"s\"],\"limit\":2}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks session_ids");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "null",
      "[]",
      "{",
      "{\"account_id\":\"a\"}",
      "{\"account_id\":\"a\",\"active_streams\":1,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":0,\"limit\":2,\"may_start_another\":false,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":-1,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":\"0\",\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":0.0,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":0,\"limit\":99999999999,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":1,\"limit\":2,\"may_start_another\":true,\"session_ids\":[1]}",
      "{\"account_id\":null,\"active_streams\":0,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"account_id\":\"b\",\"active_streams\":0,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":0,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]} x",
      "{\"account_id\":\"a\\x\",\"active_streams\":0,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"\\ud800\",\"active_streams\":0,\"limit\":2,\"may_start_another\":true,\"session_ids\":[]}",
      "{\"account_id\":\"a\",\"active_streams\":01,\"limit\":2,\"may_start_another\":true,\"session_ids\":[\"s\"]}",
      "{\"account_id\":\"a\",\"active_streams\":0,\"limit\":2,\"may_start_another\":tru,\"session_ids\":[]}",
      "<html>502 Bad Gateway</html>",
  })
  void refusesAnythingElseWithAMessage(String bad) {
    assertThatThrownBy(() -> ActiveStreamsAnswer.parse(bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("null pointer");
  }

  @Test
  void refusesDeepNesting() {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertThatThrownBy(() -> ActiveStreamsAnswer.parse("{\"x\":" + deep + "}"))
        .hasMessageContaining("nested deeper");
  }

  @Test
  void pathsAreEncodedAndRecognised() {
    assertThat(GuardApi.streamsPath("acct 1/é")).isEqualTo("/accounts/acct%201%2F%C3%A9/streams");
    assertThat(GuardApi.accountOf(GuardApi.streamsPath("acct 1/é"))).contains("acct 1/é");
    assertThat(GuardApi.accountOf("/accounts/a/streams/")).contains("a");
    assertThat(GuardApi.accountOf("/accounts/a/other")).isEmpty();
    assertThat(GuardApi.STREAMS_PATH).isEqualTo("/accounts/{id}/streams");
  }
}

package io.ottplatform.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The load generator's response framing: a latency is only recorded once the whole answer is in. */
class LoadGeneratorHttpTest {

  private static int status(String response) {
    byte[] b = response.getBytes(StandardCharsets.ISO_8859_1);
    return LoadGenerator.Http.completeResponseStatus(b, b.length);
  }

  @Test
  void aContentLengthBodyIsCompleteOnlyWithAllItsBytes() {
    String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n";
    assertThat(status(head)).isEqualTo(-1);
    assertThat(status(head + "{\"a\":\"b\"")).isEqualTo(-1);
    assertThat(status(head + "{\"a\":\"bc\"}")).isEqualTo(200);
    assertThat(status("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")).isEqualTo(404);
  }

  @Test
  void aChunkedBodyIsCompleteOnlyAfterTheLastChunk() {
    String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    assertThat(status(head + "5\r\nhello\r\n")).isEqualTo(-1);
    assertThat(status(head + "5\r\nhello\r\nA;ext=1\r\n0123456789\r\n0\r\n")).isEqualTo(-1);
    assertThat(status(head + "5\r\nhello\r\nA;ext=1\r\n0123456789\r\n0\r\n\r\n")).isEqualTo(200);
  }

  @Test
  void incompleteHeadersAreNotAnAnswer() {
    assertThat(status("HTTP/1.1 200 OK\r\nContent-Len")).isEqualTo(-1);
    assertThat(status("HTTP/1.1 204 No Content\r\n\r\n")).isEqualTo(204);
  }
}

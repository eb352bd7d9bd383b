package io.ottplatform.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.schemas.avro.PlaybackEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaEvolutionTest {

  private static final Path AVRO_SOURCES = Path.of("src/main/avro");

  /**
   * Every record schema in {@code src/main/avro}, found on disk rather than listed by hand, so a new schema cannot
   * skip the evolution checks; each is read through its generated class (the schema the code really uses).
   */
  static Stream<Schema> currentSchemas() throws IOException {
    try (Stream<Path> files = Files.list(AVRO_SOURCES)) {
      List<Schema> schemas = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        String fullName = json.path("namespace").asText() + "." + json.path("name").asText();
        try {
          schemas.add(SpecificData.get().getSchema(Class.forName(fullName)));
        } catch (ClassNotFoundException e) {
          throw new AssertionError("no generated class " + fullName + " for " + file, e);
        }
      }
      assertThat(schemas).as("schemas in %s", AVRO_SOURCES).isNotEmpty();
      return schemas.stream();
    }
  }

  @Test
  void theContractListsEverySchemaOnDisk() throws IOException {
    assertThat(Contract.CURRENT_SCHEMAS).as("Contract.CURRENT_SCHEMAS against %s", AVRO_SOURCES)
        .containsExactlyInAnyOrderElementsOf(currentSchemas().toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void everyCurrentSchemaIsTheLatestReleasedVersion(Schema current) {
    List<Schema> released = SchemaHistory.releasedVersions(current.getName());
    assertThat(released)
        .as("released versions of %s (copy the .avsc to history/%s/vN.avsc to release it)", current.getName(), current.getName())
        .isNotEmpty();
    assertThat(SchemaHistory.fingerprint(released.get(released.size() - 1)))
        .as("%s changed but was not released as a new version", current.getName())
        .isEqualTo(SchemaHistory.fingerprint(current));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void everyCurrentSchemaIsFullyCompatibleWithAllReleasedVersions(Schema current) {
    assertThat(SchemaCompatibilityGuard.problems(current, SchemaHistory.releasedVersions(current.getName()))).isEmpty();
  }

  @Test
  void addingAFieldWithoutADefaultIsCaughtAsBackwardIncompatible() {
    Schema breaking = withExtraField("{\"name\": \"watch_party_id\", \"type\": \"string\"}");

    List<String> problems = SchemaCompatibilityGuard.problems(breaking, releasedPlaybackEvent());

    assertThat(problems).isNotEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .contains("backward").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("watch_party_id").contains("v1"));
  }

  @Test
  void changingAFieldTypeIsCaughtBothWays() {
    Schema breaking = parse(PlaybackEvent.getClassSchema().toString()
        .replace("{\"name\":\"sequence\",\"type\":\"long\"", "{\"name\":\"sequence\",\"type\":\"string\""));
    assertThat(breaking.getField("sequence").schema().getType()).isEqualTo(Schema.Type.STRING);

    List<String> problems = SchemaCompatibilityGuard.problems(breaking, releasedPlaybackEvent());

    assertThat(problems).anySatisfy(p -> assertThat(p).contains("backward").contains("TYPE_MISMATCH"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("forward").contains("TYPE_MISMATCH"));
  }

  @Test
  void removingARequiredFieldIsCaughtAsForwardIncompatible() {
    Schema breaking = SchemaEdits.withoutFields(PlaybackEvent.getClassSchema(), "title_id");
    assertThat(breaking.getField("title_id")).isNull();

    assertThat(SchemaCompatibilityGuard.problems(breaking, releasedPlaybackEvent()))
        .anySatisfy(p -> assertThat(p).contains("forward").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("title_id"));
  }

  @Test
  void addingAnOptionalFieldWithADefaultIsCompatible() {
    Schema evolved = withExtraField("{\"name\": \"watch_party_id\", \"type\": [\"null\", \"string\"], \"default\": null}");

    assertThat(SchemaCompatibilityGuard.problems(evolved, releasedPlaybackEvent())).isEmpty();
  }

  private static List<Schema> releasedPlaybackEvent() {
    return SchemaHistory.releasedVersions("PlaybackEvent");
  }

  static Schema withExtraField(String fieldJson) {
    String json = PlaybackEvent.getClassSchema().toString();
    int end = json.lastIndexOf(']');
    return parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
  }

  private static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}

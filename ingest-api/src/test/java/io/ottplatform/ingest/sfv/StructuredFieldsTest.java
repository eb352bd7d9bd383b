package io.ottplatform.ingest.sfv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of RFC 8941 (sections 3.1 to 3.3.6), each parsed as the field type its section gives, and bad input. */
class StructuredFieldsTest {

  private static Item item(Object value) {
    return Item.of(value);
  }

  private static Item item(Object value, Map<String, Object> parameters) {
    return new Item(value, parameters);
  }

  @Test
  void section3_1_aListOfTokens() throws Exception {
    assertThat(StructuredFields.parseList("sugar, tea, rum"))
        .containsExactly(item(new Token("sugar")), item(new Token("tea")), item(new Token("rum")));
  }

  @Test
  void section3_1_1_innerListsOfStringsIncludingAnEmptyOne() throws Exception {
    assertThat(StructuredFields.parseList("(\"foo\" \"bar\"), (\"baz\"), (\"bat\" \"one\"), ()")).containsExactly(
        new InnerList(List.of(item("foo"), item("bar")), Map.of()),
        new InnerList(List.of(item("baz")), Map.of()),
        new InnerList(List.of(item("bat"), item("one")), Map.of()),
        new InnerList(List.of(), Map.of()));
  }

  @Test
  void section3_1_1_innerListsWithParametersOnItemsAndOnTheList() throws Exception {
    assertThat(StructuredFields.parseList("(\"foo\"; a=1;b=2);lvl=5, (\"bar\" \"baz\");lvl=1")).containsExactly(
        new InnerList(List.of(item("foo", Map.of("a", 1L, "b", 2L))), Map.of("lvl", 5L)),
        new InnerList(List.of(item("bar"), item("baz")), Map.of("lvl", 1L)));
  }

  @Test
  void section3_1_2_parametersWithAndWithoutValues() throws Exception {
    assertThat(StructuredFields.parseList("abc;a=1;b=2; cde_456, (ghi;jk=4 l);q=\"9\";r=w")).containsExactly(
        item(new Token("abc"), Map.of("a", 1L, "b", 2L, "cde_456", true)),
        new InnerList(List.of(item(new Token("ghi"), Map.of("jk", 4L)), item(new Token("l"))),
            Map.of("q", "9", "r", new Token("w"))));
  }

  @Test
  void section3_2_aDictionaryWithAStringAndAByteSequence() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("en=\"Applepie\", da=:w4ZibGV0w6ZydGUK:");
    assertThat(d).containsOnlyKeys("en", "da");
    assertThat(d.get("en")).isEqualTo(item("Applepie"));
    assertThat((byte[]) ((Item) d.get("da")).value())
        .isEqualTo("\u00c6blet\u00e6rte\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void section3_2_aMemberWithoutAValueIsTrueAndKeepsItsParameters() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("a=?0, b, c; foo=bar");
    assertThat(d).containsExactly(Map.entry("a", item(false)), Map.entry("b", item(true)),
        Map.entry("c", item(true, Map.of("foo", new Token("bar")))));
  }

  @Test
  void section3_2_aDecimalAndAnInnerListOfTokens() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("rating=1.5, feelings=(joy sadness)");
    assertThat(d).containsExactly(Map.entry("rating", item(new BigDecimal("1.5"))),
        Map.entry("feelings", new InnerList(List.of(item(new Token("joy")), item(new Token("sadness"))), Map.of())));
  }

  @Test
  void section3_2_innerListsAndItemsMixedWithParameters() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid");
    assertThat(d).containsExactly(
        Map.entry("a", new InnerList(List.of(item(1L), item(2L)), Map.of())),
        Map.entry("b", item(3L)),
        Map.entry("c", item(4L, Map.of("aa", new Token("bb")))),
        Map.entry("d", new InnerList(List.of(item(5L), item(6L)), Map.of("valid", true))));
  }

  @Test
  void section3_3_itemsOfEveryType() throws Exception {
    assertThat(StructuredFields.parseItem("5; foo=bar")).isEqualTo(item(5L, Map.of("foo", new Token("bar"))));
    assertThat(StructuredFields.parseItem("42")).isEqualTo(item(42L));
    assertThat(StructuredFields.parseItem("-42")).isEqualTo(item(-42L));
    assertThat(StructuredFields.parseItem("4.5")).isEqualTo(item(new BigDecimal("4.5")));
    assertThat(StructuredFields.parseItem("\"hello world\"")).isEqualTo(item("hello world"));
    assertThat(StructuredFields.parseItem("foo123/456")).isEqualTo(item(new Token("foo123/456")));
    assertThat((byte[]) StructuredFields.parseItem(":cHJldGVuZCB0aGlzIGlzIGJpbmFyeSBjb250ZW50Lg==:").value())
        .isEqualTo("pretend this is binary content.".getBytes(StandardCharsets.US_ASCII));
    assertThat(StructuredFields.parseItem("?1")).isEqualTo(item(true));
  }

  @Test
  void integersAndDecimalsAtTheirLimits() throws Exception {
    assertThat(StructuredFields.parseItem("999999999999999").value()).isEqualTo(999_999_999_999_999L);
    assertThat(StructuredFields.parseItem("-999999999999999").value()).isEqualTo(-999_999_999_999_999L);
    assertThat(StructuredFields.parseItem("123456789012.123").value()).isEqualTo(new BigDecimal("123456789012.123"));
    assertBad("1000000000000000", "more than 15 digits", 15);
    assertBad("1234567890123.1", "more than 12 digits before its point", 13);
    assertBad("1.1234", "more than 3 digits after its point", 6);
    assertBad("1.", "cannot end with its point", 2);
    assertBad("-", "must be followed by a digit", 1);
  }

  @Test
  void stringsAllowOnlyTheTwoEscapesAndPrintableAscii() throws Exception {
    assertThat(StructuredFields.parseItem("\"a \\\"quoted\\\" \\\\ word\"").value()).isEqualTo("a \"quoted\" \\ word");
    assertBad("\"bad \\n escape\"", "only \\\" and \\\\ may be escaped", 6);
    assertBad("\"tab\there\"", "printable ASCII, not U+0009", 4);
    assertBad("\"caf\u00e9\"", "printable ASCII, not U+00E9", 4);
    assertBad("\"unterminated", "without its closing '\"'", 0);
  }

  @Test
  void aCmcdV2EventReportAsHlsJsWritesIt() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary(
        "br=(1200;ot=v),cid=\"title-7\",e=ps,sf=h,sid=\"5b0c1e2a\",sn=3,st=v,sta=p,ts=1795000003210,v=2");
    assertThat(d.keySet()).containsExactly("br", "cid", "e", "sf", "sid", "sn", "st", "sta", "ts", "v");
    assertThat(d.get("br")).isEqualTo(new InnerList(List.of(item(1200L, Map.of("ot", new Token("v")))), Map.of()));
    assertThat(d.get("e")).isEqualTo(item(new Token("ps")));
    assertThat(d.get("ts")).isEqualTo(item(1_795_000_003_210L));
  }

  @Test
  void aRepeatedKeyKeepsItsFirstPlaceAndItsLastValue() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("a=1, b=2, a=3");
    assertThat(d).containsExactly(Map.entry("a", item(3L)), Map.entry("b", item(2L)));
  }

  @Test
  void malformedInputIsRefusedWithThePositionOfTheFault() {
    assertBadDictionary("a=1,", "trailing ','", 4);
    assertBadDictionary("a=1 b=2", "expected ',' between members, found 'b'", 4);
    assertBadDictionary("A=1", "must start with a lowercase letter", 0);
    assertBadDictionary("a=(1 2", "without its closing ')'", 6);
    assertBadDictionary("a=(1,2)", "expected ' ' or ')'", 4);
    assertBadDictionary("a=?2", "?0 or ?1", 3);
    assertBadDictionary("a=:notbase64!:", "base64 characters, not '!'", 12);
    assertBadDictionary("a=", "a value is missing", 2);
    assertBadDictionary("a=@", "cannot start with '@'", 2);
    assertBadDictionary("a=1;", "a key is missing", 4);
    assertBadDictionary("{\"a\":1}", "must start with a lowercase letter", 0);
  }

  @Test
  void spacesAroundTheFieldAreIgnoredButNotOtherWhitespace() throws Exception {
    assertThat(StructuredFields.parseDictionary("  a=1 ,\tb=2  ")).containsOnlyKeys("a", "b");
    assertBadDictionary("\ta=1", "must start with a lowercase letter", 0);
  }

  private static void assertBad(String item, String message, int position) {
    assertThatThrownBy(() -> StructuredFields.parseItem(item)).as(item)
        .isInstanceOfSatisfying(StructuredFieldException.class, e -> {
          assertThat(e.getMessage()).contains(message);
          assertThat(e.position()).as("position in %s", item).isEqualTo(position);
        });
  }

  private static void assertBadDictionary(String dictionary, String message, int position) {
    assertThatThrownBy(() -> StructuredFields.parseDictionary(dictionary)).as(dictionary)
        .isInstanceOfSatisfying(StructuredFieldException.class, e -> {
          assertThat(e.getMessage()).contains(message);
          assertThat(e.position()).as("position in %s", dictionary).isEqualTo(position);
        });
  }
}

package io.ottplatform.ingest.sfv;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of RFC 8941 Structured Field Values, following the parsing algorithms of its section 4.2 step by
 * step (Lists, Dictionaries, Items, Inner Lists, Parameters, Integers, Decimals, Strings, Tokens, Byte Sequences,
 * Booleans). CMCD (CTA-5004) sends each report as one Dictionary, so this is what ingest-api reads them with.
 *
 * <p>Our own rather than a library: the algorithms are short and exact, and the error has to name the
 * position of the bad character for a player developer to find it. Only ASCII input is valid; a character
 * outside it fails wherever it stands, as the RFC's grammar has no place for one.
 *
 * <p>Not thread-safe; one instance per input (the static methods make one).
 */
public final class StructuredFields {

  /** RFC 8941 section 3.3.1: at most 15 digits. */
  private static final int MAX_INTEGER_DIGITS = 15;
  /** Section 3.3.2: at most 12 digits before the point and 3 after it. */
  private static final int MAX_DECIMAL_INTEGER_DIGITS = 12;
  private static final int MAX_DECIMAL_FRACTION_DIGITS = 3;

  private final String input;
  private int pos;

  private StructuredFields(String input) {
    this.input = input;
  }

  /** Section 4.2 with field type "dictionary": keys in order of first appearance, a repeated key's last value. */
  public static Map<String, Member> parseDictionary(String input) throws StructuredFieldException {
    StructuredFields p = new StructuredFields(input);
    p.discardSpaces();
    Map<String, Member> dictionary = p.dictionary();
    p.discardSpaces();
    p.expectEnd();
    return Collections.unmodifiableMap(dictionary);
  }

  /** Section 4.2 with field type "list". */
  public static List<Member> parseList(String input) throws StructuredFieldException {
    StructuredFields p = new StructuredFields(input);
    p.discardSpaces();
    List<Member> list = p.list();
    p.discardSpaces();
    p.expectEnd();
    return List.copyOf(list);
  }

  /** Section 4.2 with field type "item". */
  public static Item parseItem(String input) throws StructuredFieldException {
    StructuredFields p = new StructuredFields(input);
    p.discardSpaces();
    Item item = p.item();
    p.discardSpaces();
    p.expectEnd();
    return item;
  }

  // 4.2.1
  private List<Member> list() throws StructuredFieldException {
    List<Member> members = new ArrayList<>();
    while (!atEnd()) {
      members.add(itemOrInnerList());
      if (afterMember()) {
        return members;
      }
    }
    return members;
  }

  // 4.2.2
  private Map<String, Member> dictionary() throws StructuredFieldException {
    Map<String, Member> members = new LinkedHashMap<>();
    while (!atEnd()) {
      String key = key();
      Member member;
      if (peek() == '=') {
        pos++;
        member = itemOrInnerList();
      } else {
        member = new Item(Boolean.TRUE, parameters());
      }
      members.put(key, member);
      if (afterMember()) {
        return members;
      }
    }
    return members;
  }

  /** Optional whitespace, then the end (true) or a comma and optional whitespace before another member. */
  private boolean afterMember() throws StructuredFieldException {
    discardOws();
    if (atEnd()) {
      return true;
    }
    if (peek() != ',') {
      throw fail("expected ',' between members, found " + describe(peek()));
    }
    pos++;
    discardOws();
    if (atEnd()) {
      throw fail("a trailing ',' with no member after it");
    }
    return false;
  }

  // 4.2.1.1
  private Member itemOrInnerList() throws StructuredFieldException {
    return peek() == '(' ? innerList() : item();
  }

  // 4.2.1.2
  private InnerList innerList() throws StructuredFieldException {
    pos++; // '('
    List<Item> items = new ArrayList<>();
    while (!atEnd()) {
      discardSpaces();
      if (peek() == ')') {
        pos++;
        return new InnerList(items, parameters());
      }
      items.add(item());
      char next = peek();
      if (!atEnd() && next != ' ' && next != ')') {
        throw fail("expected ' ' or ')' after an inner list's item, found " + describe(next));
      }
    }
    throw fail("an inner list without its closing ')'");
  }

  // 4.2.3
  private Item item() throws StructuredFieldException {
    Object bare = bareItem();
    return new Item(bare, parameters());
  }

  // 4.2.3.1
  private Object bareItem() throws StructuredFieldException {
    char c = peek();
    if (c == '-' || isDigit(c)) {
      return integerOrDecimal();
    } else if (c == '"') {
      return string();
    } else if (isAlpha(c) || c == '*') {
      return token();
    } else if (c == ':') {
      return byteSequence();
    } else if (c == '?') {
      return bool();
    }
    throw fail(atEnd() ? "a value is missing" : "a value cannot start with " + describe(c));
  }

  // 4.2.3.2
  private Map<String, Object> parameters() throws StructuredFieldException {
    Map<String, Object> parameters = new LinkedHashMap<>();
    while (!atEnd() && peek() == ';') {
      pos++;
      discardSpaces();
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      parameters.put(key, value);
    }
    return parameters;
  }

  // 4.2.3.3
  private String key() throws StructuredFieldException {
    char first = peek();
    if (!isLcAlpha(first) && first != '*') {
      throw fail(atEnd() ? "a key is missing" : "a key must start with a lowercase letter or '*', not "
          + describe(first));
    }
    int start = pos;
    while (!atEnd()) {
      char c = peek();
      if (!isLcAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != '*') {
        break;
      }
      pos++;
    }
    return input.substring(start, pos);
  }

  // 4.2.4
  private Object integerOrDecimal() throws StructuredFieldException {
    int start = pos;
    boolean decimal = false;
    int sign = 1;
    if (peek() == '-') {
      pos++;
      sign = -1;
    }
    if (atEnd() || !isDigit(peek())) {
      throw fail("a '-' must be followed by a digit");
    }
    int digitsStart = pos;
    int pointAt = -1;
    while (!atEnd()) {
      char c = peek();
      if (isDigit(c)) {
        pos++;
      } else if (!decimal && c == '.') {
        if (pos - digitsStart > MAX_DECIMAL_INTEGER_DIGITS) {
          throw fail("a decimal has more than " + MAX_DECIMAL_INTEGER_DIGITS + " digits before its point");
        }
        decimal = true;
        pointAt = pos;
        pos++;
      } else {
        break;
      }
      int length = pos - digitsStart;
      if (!decimal && length > MAX_INTEGER_DIGITS) {
        pos--; // at the digit too many
        throw fail("an integer has more than " + MAX_INTEGER_DIGITS + " digits: " + input.substring(start, pos + 1));
      }
      if (decimal && length > MAX_INTEGER_DIGITS + 1) {
        pos--;
        throw fail("a decimal has more than 16 characters: " + input.substring(start, pos + 1));
      }
    }
    String digits = input.substring(digitsStart, pos);
    if (!decimal) {
      return sign * Long.parseLong(digits);
    }
    int fraction = pos - pointAt - 1;
    if (fraction == 0) {
      throw fail("a decimal cannot end with its point: " + input.substring(start, pos));
    }
    if (fraction > MAX_DECIMAL_FRACTION_DIGITS) {
      throw fail("a decimal has more than " + MAX_DECIMAL_FRACTION_DIGITS + " digits after its point: "
          + input.substring(start, pos));
    }
    BigDecimal value = new BigDecimal(digits);
    return sign < 0 ? value.negate() : value;
  }

  // 4.2.5
  private String string() throws StructuredFieldException {
    int start = pos;
    pos++; // '"'
    StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      char c = input.charAt(pos++);
      if (c == '\\') {
        if (atEnd()) {
          throw fail("a string ends in a lone '\\'");
        }
        char escaped = input.charAt(pos++);
        if (escaped != '"' && escaped != '\\') {
          pos--;
          throw fail("only \\\" and \\\\ may be escaped in a string, not \\" + escaped);
        }
        out.append(escaped);
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        pos--;
        throw fail("a string may only hold printable ASCII, not " + describe(c));
      } else {
        out.append(c);
      }
    }
    pos = start;
    throw fail("a string without its closing '\"'");
  }

  // 4.2.6
  private Token token() {
    int start = pos;
    pos++;
    while (!atEnd()) {
      char c = peek();
      if (!isTchar(c) && c != ':' && c != '/') {
        break;
      }
      pos++;
    }
    return new Token(input.substring(start, pos));
  }

  // 4.2.7
  private byte[] byteSequence() throws StructuredFieldException {
    int start = pos;
    pos++; // ':'
    int end = input.indexOf(':', pos);
    if (end < 0) {
      pos = start;
      throw fail("a byte sequence without its closing ':'");
    }
    for (int i = pos; i < end; i++) {
      char c = input.charAt(i);
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '/' && c != '=') {
        pos = i;
        throw fail("a byte sequence may only hold base64 characters, not " + describe(c));
      }
    }
    String base64 = input.substring(pos, end);
    pos = end + 1;
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      pos = start;
      throw fail("a byte sequence is not valid base64: " + e.getMessage());
    }
  }

  // 4.2.8
  private Boolean bool() throws StructuredFieldException {
    pos++; // '?'
    char c = peek();
    if (c == '1' || c == '0') {
      pos++;
      return c == '1';
    }
    throw fail("a boolean is ?0 or ?1, not ?" + (atEnd() ? "" : String.valueOf(c)));
  }

  private void expectEnd() throws StructuredFieldException {
    if (!atEnd()) {
      throw fail("unexpected " + describe(peek()) + " after the value");
    }
  }

  private void discardSpaces() {
    while (!atEnd() && input.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void discardOws() {
    while (!atEnd() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= input.length();
  }

  /** The next character, or 0 at the end (which matches no rule). */
  private char peek() {
    return atEnd() ? 0 : input.charAt(pos);
  }

  private StructuredFieldException fail(String problem) {
    return new StructuredFieldException(pos, problem);
  }

  private static String describe(char c) {
    if (c >= 0x21 && c <= 0x7e) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isAlpha(char c) {
    return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
  }

  /** RFC 9110's tchar. */
  private static boolean isTchar(char c) {
    return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}

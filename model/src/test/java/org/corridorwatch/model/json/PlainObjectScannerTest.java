package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner reads the plain form to its end and gives up on everything else. */
class PlainObjectScannerTest {
  private final PlainObjectScanner scanner = new PlainObjectScanner();

  /** Scans {@code json}: "name=TOKEN:text" per member, then "END" or "GIVE_UP". */
  private List<String> scan(String json) {
    List<String> steps = new ArrayList<>();
    if (!scanner.begin(json.getBytes(StandardCharsets.UTF_8))) {
      steps.add("GIVE_UP");
      return steps;
    }
    int step;
    while ((step = scanner.next()) == PlainObjectScanner.MEMBER) {
      JsonToken token = scanner.token();
      steps.add(
          scanner.name()
              + "="
              + token
              + (token == JsonToken.VALUE_STRING ? ":" + scanner.text() : ""));
    }
    steps.add(
        step == PlainObjectScanner.END && scanner.atEndOfInput()
            ? "END"
            : step == PlainObjectScanner.END ? "TRAILING" : "GIVE_UP");
    return steps;
  }

  @Test
  void readsAPlainObjectToItsEnd() {
    assertThat(
            scan(
                " \t\r\n{ \"eventId\" : \"c-1\" ,\"laden\":true,\"x\":false,\"vehicleType\":null,"
                    + "\"note\":\"\",\"odd\":\"a/b ~\u007F\"}\n "))
        .containsExactly(
            "eventId=VALUE_STRING:c-1",
            "laden=VALUE_TRUE",
            "x=VALUE_FALSE",
            "vehicleType=VALUE_NULL",
            "note=VALUE_STRING:",
            "odd=VALUE_STRING:a/b ~\u007F",
            "END");
    assertThat(scan("{}")).containsExactly("END");
  }

  @Test
  void givesTheSameNameInstanceForTheSameName() {
    scan("{\"eventId\":\"a\"}");
    scanner.begin("{\"eventId\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    scanner.next();
    String first = scanner.name();
    scanner.begin("{\"eventId\":\"c\"}".getBytes(StandardCharsets.UTF_8));
    scanner.next();

    assertThat(scanner.name()).isSameAs(first).isEqualTo("eventId");
  }

  @Test
  void givesTheBytesOfAStringValue() {
    scanner.begin("{\"stage\":\"DEPARTED\"}".getBytes(StandardCharsets.UTF_8));
    scanner.next();

    assertThat(
            new String(
                scanner.input(),
                scanner.textStart(),
                scanner.textLength(),
                StandardCharsets.US_ASCII))
        .isEqualTo("DEPARTED");
  }

  @Test
  void reportsContentAfterTheObjectRatherThanReadingIt() {
    assertThat(scan("{\"a\":\"b\"} {}")).containsExactly("a=VALUE_STRING:b", "TRAILING");
    assertThat(scan("{\"a\":\"b\"}x")).containsExactly("a=VALUE_STRING:b", "TRAILING");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[]",
        "\"text\"",
        "\uFEFF{\"a\":\"b\"}", // a byte-order mark
        "{\"a\":1}",
        "{\"a\":-1}",
        "{\"a\":{}}",
        "{\"a\":[]}",
        "{\"a\":\"b\\\"c\"}",
        "{\"a\":\"\\u0041\"}",
        "{\"a\\u0041\":\"b\"}",
        "{\"a\":\"Pingxiang 凭祥\"}",
        "{\"凭祥\":\"b\"}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":\"b\",}",
        "{,\"a\":\"b\"}",
        "{\"a\":\"b\" \"c\":\"d\"}",
        "{\"a\" \"b\"}",
        "{\"a\":}",
        "{\"a\":truex}",
        "{\"a\":tru}",
        "{\"a\":nul}",
        "{\"a\":True}",
        "{\"a\":NaN}",
        "{\"a\":'b'}",
        "{a:\"b\"}",
        "{\"a\":\"b\"",
        "{\"a\":\"b",
        "{\"a\"",
        "{",
        "{\"a\":\"b\"\f}",
        "{\"a\":\"b\"}\u0000",
        "{/* comment */}"
      })
  void givesUpOnAnythingOutsideThePlainForm(String json) {
    List<String> steps = scan(json);

    assertThat(steps.get(steps.size() - 1)).as(json).isIn("GIVE_UP", "TRAILING");
  }

  @Test
  void givesUpAtARepeatedNameButNotAtTheSameNameInTheNextRecord() {
    assertThat(scan("{\"a\":\"b\",\"c\":true,\"a\":\"b\"}"))
        .containsExactly("a=VALUE_STRING:b", "c=VALUE_TRUE", "GIVE_UP");
    assertThat(scan("{\"a\":\"b\"}")).containsExactly("a=VALUE_STRING:b", "END");
    assertThat(scan("{\"a\":\"b\"}")).containsExactly("a=VALUE_STRING:b", "END");
  }

  @Test
  void leavesNamesBeyondItsTableToJackson() {
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 300; i++) {
      many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":null");
    }
    List<String> steps = scan(many.append("}").toString());

    assertThat(steps).last().isEqualTo("GIVE_UP");
    assertThat(steps.size()).isGreaterThan(200).isLessThan(300);
    assertThat(scan("{\"f1\":null,\"f2\":null}")).last().isEqualTo("END");
  }

  @Test
  void leavesLongValuesToJackson() {
    String note = "x".repeat(PlainObjectScanner.MAX_LENGTH);

    assertThat(scan("{\"note\":\"" + note + "\"}")).containsExactly("GIVE_UP");
    assertThat(scan("{\"n\":\"" + note.substring(20) + "\"}")).last().isEqualTo("END");
  }
}

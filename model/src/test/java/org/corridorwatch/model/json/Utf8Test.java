package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The UTF-8 check agrees with the JDK's strict decoder, on edge cases and on random bytes. */
class Utf8Test {

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void edgeCases() {
    assertThat(Utf8.isValid(bytes())).isTrue();
    assertThat(Utf8.isValid("Pingxiang 凭祥 ✓ 🚚".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(Utf8.firstInvalidOffset(bytes('a', 0xC0, 0xAF))).as("overlong '/'").isEqualTo(1);
    assertThat(Utf8.isValid(bytes(0xED, 0xA0, 0x80))).as("surrogate U+D800").isFalse();
    assertThat(Utf8.isValid(bytes(0xF4, 0x90, 0x80, 0x80))).as("above U+10FFFF").isFalse();
    assertThat(Utf8.isValid(bytes(0xE2, 0x82))).as("truncated").isFalse();
    assertThat(Utf8.isValid(bytes(0x80))).as("lone continuation").isFalse();
  }

  @Test
  void agreesWithTheJdkOnRandomInput() {
    SplittableRandom random = new SplittableRandom(20191107);
    for (int i = 0; i < 200_000; i++) {
      byte[] b = new byte[random.nextInt(1, 6)];
      for (int k = 0; k < b.length; k++) {
        // bias towards the bytes that matter: leads and continuations
        b[k] = (byte) (random.nextBoolean() ? random.nextInt(0x80, 0x100) : random.nextInt(0x100));
      }
      assertThat(Utf8.isValid(b))
          .as("bytes %s", java.util.HexFormat.of().formatHex(b))
          .isEqualTo(jdkAccepts(b));
    }
  }

  /** ASCII is skipped a word at a time: a bad byte is still found at its exact offset. */
  @Test
  void findsTheOffsetAtEveryPositionInAsciiText() {
    byte[] ascii =
        "{\"eventId\":\"c-000001\",\"portId\":\"CN-PINGXIANG\"}".getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < ascii.length; at++) {
      byte[] broken = ascii.clone();
      broken[at] = (byte) 0xFF;
      assertThat(Utf8.firstInvalidOffset(broken)).as("0xFF at %d", at).isEqualTo(at);

      byte[] truncated = java.util.Arrays.copyOf(ascii, at + 1);
      truncated[at] = (byte) 0xE2; // the lead byte of a three-byte character, cut off
      assertThat(Utf8.firstInvalidOffset(truncated)).as("cut at %d", at).isEqualTo(at);
    }
    for (int runs = 0; runs < 20; runs++) {
      String text = "x".repeat(runs) + "凭祥" + "y".repeat(runs) + "🚚";
      assertThat(Utf8.isValid(text.getBytes(StandardCharsets.UTF_8))).as(text).isTrue();
    }
  }
}

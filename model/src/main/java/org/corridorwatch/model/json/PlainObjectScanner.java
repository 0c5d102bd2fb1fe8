package org.corridorwatch.model.json;

import com.fasterxml.jackson.core.JsonToken;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the plain form that nearly every record on the wire has, without Jackson: one flat JSON
 * object whose values are strings, {@code true}, {@code false} or {@code null}, and whose names and
 * strings are printable ASCII without escapes. A border crossing is exactly that.
 *
 * <p>Jackson alone, creating a parser and stepping through the tokens of one crossing, costs about
 * as much as the whole budget for reading it. This scanner does the same walk over the bytes with
 * no per-record set-up and no allocation but the strings the record keeps.
 *
 * <p>It never rejects. At the first byte outside the plain form it gives up ({@link #GIVE_UP}) and
 * the codec reads the record with Jackson, exactly as before: a number, a nested object or array,
 * an escape, a control character, a byte of 0x80 or more, any syntax error, a repeated name (which
 * Jackson refuses), anything but whitespace after the object, a value longer than {@link
 * #MAX_LENGTH}. Within the plain form Jackson reads the same names, value types and texts, with no
 * error to report (the length cap keeps every name and string far inside its read limits), so the
 * verdict on the record is the same. And since a record read to its end here has only ASCII bytes,
 * it is valid UTF-8, too.
 *
 * <p>One instance per codec; not thread-safe.
 */
final class PlainObjectScanner {
  /** {@link #next} read one member: {@link #name} and the value's {@link #token}. */
  static final int MEMBER = 0;

  /** {@link #next} reached the object's closing brace. */
  static final int END = 1;

  /** {@link #next} found something outside the plain form; let Jackson read the record. */
  static final int GIVE_UP = 2;

  /** Longer values are left to Jackson; contract records are a few hundred bytes. */
  static final int MAX_LENGTH = 16 * 1024;

  /** Names this long or longer are left to Jackson; see {@link #plainName}. */
  static final int MAX_NAME_LENGTH = 2 * Long.BYTES;

  /** Words of eight bytes: byte i of a word is its bits 8i to 8i+7 (little-endian). */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long TOPS = 0x8080808080808080L;

  // the literals after their first letter
  private static final byte[] RUE = {'r', 'u', 'e'};
  private static final byte[] ALSE = {'a', 'l', 's', 'e'};
  private static final byte[] ULL = {'u', 'l', 'l'};

  private final NameTable names = new NameTable();

  private byte[] in;
  private int pos;
  private boolean firstMember;

  private String name;
  private JsonToken token;
  private int textStart;
  private int textLength;
  private String text; // made on first use

  /** Starts on {@code value}: false when it does not open with an object (after whitespace). */
  boolean begin(byte[] value) {
    in = value;
    pos = 0;
    firstMember = true;
    names.nextObject();
    if (value.length > MAX_LENGTH) {
      return false;
    }
    skipWhitespace();
    if (pos == in.length || in[pos] != '{') {
      return false;
    }
    pos++;
    return true;
  }

  /** Reads the next member of the object: {@link #MEMBER}, {@link #END} or {@link #GIVE_UP}. */
  int next() {
    int b = nextNonWhitespace();
    if (b == '}') {
      return END;
    }
    if (!firstMember) {
      if (b != ',') {
        return GIVE_UP;
      }
      b = nextNonWhitespace();
    }
    firstMember = false;
    // a comma before the closing brace, which JSON does not allow, gives up here too
    if (b != '"' || (name = plainName()) == null || nextNonWhitespace() != ':') {
      return GIVE_UP;
    }
    token = value();
    return token == null ? GIVE_UP : MEMBER;
  }

  /** Reads the value after a name and its colon: its token, or null to give up. */
  private JsonToken value() {
    // what follows a literal ("truex", "null1") is checked by the next call, as for any value
    return switch (nextNonWhitespace()) {
      case '"' -> {
        textStart = pos;
        textLength = plainString();
        text = null;
        yield textLength < 0 ? null : JsonToken.VALUE_STRING;
      }
      case 't' -> rest(RUE) ? JsonToken.VALUE_TRUE : null;
      case 'f' -> rest(ALSE) ? JsonToken.VALUE_FALSE : null;
      case 'n' -> rest(ULL) ? JsonToken.VALUE_NULL : null;
      default -> null; // a number, an object, an array or no JSON at all
    };
  }

  /** The next byte after any whitespace, consumed, from 0 to 255; -1 at the end of input. */
  private int nextNonWhitespace() {
    while (pos < in.length) {
      int b = in[pos++] & 0xFF;
      if (!isWhitespace(b)) {
        return b;
      }
    }
    return -1;
  }

  /** After {@link #END}: true when nothing but whitespace follows the object. */
  boolean atEndOfInput() {
    skipWhitespace();
    return pos == in.length;
  }

  String name() {
    return name;
  }

  JsonToken token() {
    return token;
  }

  /** The current string value. */
  String text() {
    if (text == null) {
      // only ASCII got here, so each byte is its character
      text = new String(in, textStart, textLength, StandardCharsets.ISO_8859_1);
    }
    return text;
  }

  /** The input, which holds the current string value's ASCII bytes. */
  byte[] input() {
    return in;
  }

  /** Where the current string value starts in {@link #input()}. */
  int textStart() {
    return textStart;
  }

  /** The current string value's length, in bytes (and characters: it is ASCII). */
  int textLength() {
    return textLength;
  }

  private void skipWhitespace() {
    while (pos < in.length && isWhitespace(in[pos] & 0xFF)) {
      pos++;
    }
  }

  /** JSON whitespace is exactly these four; Jackson refuses any other control character. */
  private static boolean isWhitespace(int b) {
    // usually there is none at all: everything JSON expects next is above the space
    return b <= ' ' && (b == ' ' || b == '\n' || b == '\r' || b == '\t');
  }

  /**
   * Reads a name whose opening quote was just read, past its closing quote: the shared String for
   * it, or null to give up. Gives up at a name of {@link #MAX_NAME_LENGTH} bytes or more (none of
   * the crossing's or the shipment's), at anything but printable ASCII in it, at a name already
   * seen in this object, and at a new name the table has no room for.
   *
   * <p>A name of up to 15 bytes is two little-endian words, zero-padded after its end. The words
   * and the length are the table's key (the length, too, as a name with a zero byte must not pass
   * for a shorter one): a name that is already in the table was checked when it went in, so it
   * takes two loads, a search for the closing quote and one probe, and no pass byte by byte.
   */
  private String plainName() {
    long first = word(pos);
    long second = 0;
    int length = quoteIndex(first);
    if (length < Long.BYTES) {
      first &= lowBytes(length);
    } else {
      second = word(pos + Long.BYTES);
      int inSecond = quoteIndex(second);
      if (inSecond == Long.BYTES) {
        return null; // a long name, or no closing quote at all
      }
      second &= lowBytes(inSecond);
      length = Long.BYTES + inSecond;
    }
    String known = names.firstInObject(first, second, length);
    if (known == null) {
      if (names.contains(first, second, length)) {
        return null; // repeated
      }
      for (int i = pos; i < pos + length; i++) {
        if (in[i] < 0x20 || in[i] == '\\') { // bytes of 0x80 and more are negative
          return null;
        }
      }
      known =
          names.add(
              first, second, length, new String(in, pos, length, StandardCharsets.ISO_8859_1));
      if (known == null) {
        return null; // no room
      }
    }
    pos += length + 1;
    return known;
  }

  /**
   * Skips the rest of a string whose opening quote was just read, up to and past its closing quote:
   * its length, or -1 for anything but printable ASCII (an escape, a control character, a byte of
   * 0x80 or more) or a missing closing quote.
   */
  private int plainString() {
    int start = pos;
    while (true) {
      // eight bytes at a time; past the end of input the word is zero-padded, and a zero byte is
      // special (a control character), so the end is found like any other special byte
      long special = specialBytes(word(pos));
      if (special == 0) {
        pos += Long.BYTES;
        continue;
      }
      int at = pos + (Long.numberOfTrailingZeros(special) >>> 3);
      if (at < in.length && in[at] == '"') {
        pos = at + 1;
        return at - start;
      }
      return -1;
    }
  }

  // Eight bytes at a time (SWAR), with the words of WORDS. Each test below sets the top bit of
  // every byte it matches. It can also set it in bytes above a real match (a borrow runs upwards),
  // never below one and never without one: so the lowest bit set is always the first byte that
  // matches, which is all the callers use.

  /** The eight bytes at {@code at}, zero where they would lie past the end of input. */
  private long word(int at) {
    if (at + Long.BYTES <= in.length) {
      return (long) WORDS.get(in, at);
    }
    long word = 0;
    for (int i = in.length - 1; i >= at; i--) {
      word = (word << 8) | (in[i] & 0xFF);
    }
    return word;
  }

  /** Top bits set at the bytes of {@code word} equal to the byte {@code repeated} holds in each. */
  private static long bytesEqualTo(long word, long repeated) {
    long x = word ^ repeated; // zero where equal
    return (x - ONES) & ~x & TOPS;
  }

  /** Where the first '"' in {@code word} is, 0 to 7, or 8 when there is none. */
  private static int quoteIndex(long word) {
    return Long.numberOfTrailingZeros(bytesEqualTo(word, '"' * ONES)) >>> 3;
  }

  /** Top bits at the bytes that end or spoil a plain string: '"', '\\', below 0x20, 0x80 and up. */
  private static long specialBytes(long word) {
    long control = (word - ' ' * ONES) & ~word & TOPS; // below 0x20 (those of 0x80 and up: below)
    return bytesEqualTo(word, '"' * ONES)
        | bytesEqualTo(word, '\\' * ONES)
        | control
        | (word & TOPS);
  }

  /** A mask of the lowest {@code count} bytes of a word, 0 to 7. */
  private static long lowBytes(int count) {
    return count == 0 ? 0 : -1L >>> (Long.SIZE - Byte.SIZE * count);
  }

  /** Reads the rest of a literal whose first letter was just read. */
  private boolean rest(byte[] word) {
    if (pos + word.length > in.length) {
      return false;
    }
    for (int i = 0; i < word.length; i++) {
      if (in[pos + i] != word[i]) {
        return false;
      }
    }
    pos += word.length;
    return true;
  }

  /**
   * Field names as Strings, one shared instance per name: the same few names come in every record,
   * so after the first record a name costs a lookup, not a new String. Keyed by a name's two words
   * (see {@link #plainName}). Each entry also remembers the last object it was seen in, which is
   * how a repeated name is caught. Bounded, so a stream of records with ever new names cannot grow
   * it; a name it has no room for is left to Jackson.
   */
  private static final class NameTable {
    private static final int SLOTS = 512;
    private static final int MAX_NAMES = SLOTS / 2; // at most half full, so probes stay short

    private final long[] firsts = new long[SLOTS];
    private final long[] seconds = new long[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final String[] strings = new String[SLOTS];
    private final int[] lastSeenIn = new int[SLOTS];
    private int object = 1;
    private int size;

    /** Starts a new object: every name counts as not seen yet. */
    void nextObject() {
      if (++object == 0) { // after 2^32 objects: an old stamp could look current again
        Arrays.fill(lastSeenIn, 0);
        object = 1;
      }
    }

    /** The name with these words if it is in the table and not yet seen in this object. */
    String firstInObject(long first, long second, int length) {
      int slot = slotOf(first, second, length);
      if (strings[slot] == null || lastSeenIn[slot] == object) {
        return null;
      }
      lastSeenIn[slot] = object;
      return strings[slot];
    }

    boolean contains(long first, long second, int length) {
      return strings[slotOf(first, second, length)] != null;
    }

    /** Adds a name not in the table, seen in this object; null when there is no room. */
    String add(long first, long second, int length, String name) {
      if (size == MAX_NAMES) {
        return null;
      }
      int slot = slotOf(first, second, length);
      size++;
      firsts[slot] = first;
      seconds[slot] = second;
      lengths[slot] = length;
      // interned, like Jackson's names: the drafts' switch then matches each by identity
      strings[slot] = name.intern();
      lastSeenIn[slot] = object;
      return strings[slot];
    }

    /** The slot that holds this name, or the empty slot where it would go. */
    private int slotOf(long first, long second, int length) {
      long mixed = (first ^ Long.rotateLeft(second, 29) ^ length) * 0x9E3779B97F4A7C15L;
      int slot = (int) (mixed >>> (Long.SIZE - Integer.numberOfTrailingZeros(SLOTS)));
      while (strings[slot] != null
          && (firsts[slot] != first || seconds[slot] != second || lengths[slot] != length)) {
        slot = (slot + 1) & (SLOTS - 1);
      }
      return slot;
    }
  }
}

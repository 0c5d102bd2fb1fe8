package org.corridorwatch.drills;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a JVM's GC log ({@code -Xlog:gc:file=...:utctime,timemillis}) and returns the heap left
 * after each collection logged since the last read: what survived it. After a full collection that
 * is the live set, so its trend over hours is the test for a leak; after a young one it also holds
 * old garbage not yet collected.
 */
final class GcLogTail {
  // "[...][1796576200373ms] GC(12) Pause Full (System.gc()) 300M->80M(1024M) 150.123ms"
  private static final Pattern PAUSE =
      Pattern.compile(
          "\\[(\\d+)ms\\].* GC\\(\\d+\\) Pause (\\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\(");

  /** One collection: when it ended, whether it was full, and the heap in use after it. */
  record Collection(long atMillis, boolean full, long heapAfterBytes) {}

  private final Path file;
  private long position;

  GcLogTail(Path file) {
    this.file = file;
  }

  /** The collections logged since the last call; none while the file does not exist yet. */
  List<Collection> read() throws IOException {
    List<Collection> collections = new ArrayList<>();
    if (!Files.exists(file)) {
      return collections;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      if (in.length() < position) {
        position = 0; // rotated: the JVM started a new file
      }
      in.seek(position);
      byte[] bytes = new byte[(int) (in.length() - position)];
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return collections; // half a line: wait for the rest
      }
      position += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
      for (String line : text.substring(0, end).split("\n")) {
        Collection c = parse(line);
        if (c != null) {
          collections.add(c);
        }
      }
    }
    return collections;
  }

  static Collection parse(String line) {
    Matcher m = PAUSE.matcher(line);
    if (!m.find()) {
      return null;
    }
    return new Collection(
        Long.parseLong(m.group(1)),
        m.group(2).equals("Full"),
        Long.parseLong(m.group(5)) << shift(m.group(6)));
  }

  private static int shift(String unit) {
    return switch (unit) {
      case "K" -> 10;
      case "M" -> 20;
      default -> 30;
    };
  }
}

package org.corridorwatch.model.json;

import java.io.IOException;

/**
 * The port and window that open every per-port output record ({@code port-utilisation/1}, {@code
 * port-waits/1}), read and required alike by both drafts. How long the window must be is each
 * type's own rule, so the drafts check that themselves.
 */
final class PortWindowFields {
  String portId;
  Long windowStart;
  Long windowEnd;

  void reset() {
    portId = null;
    windowStart = windowEnd = null;
  }

  /** Reads {@code name} if it is one of the three; returns false for any other field. */
  boolean field(String name, FieldReader in) throws IOException {
    switch (name) {
      case "portId" -> portId = in.nonBlankString(name);
      case "windowStart" -> windowStart = in.instant(name);
      case "windowEnd" -> windowEnd = in.instant(name);
      default -> {
        return false;
      }
    }
    return true;
  }

  void require(FieldReader in) {
    in.require("portId", portId);
    in.require("windowStart", windowStart);
    in.require("windowEnd", windowEnd);
  }
}

package org.corridorwatch.model.json;

/** The two ways a dead letter's original bytes are written into its JSON {@code payload}. */
final class DeadLetterPayload {
  /** The original value was valid UTF-8 and is written as a JSON string. */
  static final String UTF8 = "utf8";

  /** The original value was not valid UTF-8 and is written in standard base64. */
  static final String BASE64 = "base64";

  private DeadLetterPayload() {}
}

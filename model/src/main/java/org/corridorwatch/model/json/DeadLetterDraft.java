package org.corridorwatch.model.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.RejectReason;

/**
 * Reads {@code dead-letter/1}, for operators and tests, turning {@code payload} back into the
 * original bytes. The original key travels as the Kafka key, not in the value.
 */
final class DeadLetterDraft extends RecordDraft<DeadLetter> {
  private static final EnumLookup<RejectReason> REASONS = new EnumLookup<>(RejectReason.class);

  private RejectReason reason;
  private String detail;
  private String sourceTopic;
  private Long partition;
  private Long offset;
  private String payload;
  private String payloadEncoding;
  private Long receivedAt;

  DeadLetterDraft() {
    super(DeadLetter.SCHEMA);
  }

  @Override
  void reset() {
    reason = null;
    detail = sourceTopic = payload = payloadEncoding = null;
    partition = offset = receivedAt = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "reason" -> reason = in.enumValue(name, REASONS);
      case "detail" -> detail = in.string(name);
      case "sourceTopic" -> sourceTopic = in.nonBlankString(name);
      case "partition" -> partition = in.wholeNumber(name, Integer.MAX_VALUE);
      case "offset" -> offset = in.wholeNumber(name, Long.MAX_VALUE);
      case "payload" -> payload = in.string(name);
      case "payloadEncoding" -> payloadEncoding = in.string(name);
      case "receivedAt" -> receivedAt = in.instant(name);
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  DeadLetter build(FieldReader in) {
    in.require("reason", reason);
    in.require("sourceTopic", sourceTopic);
    in.require("partition", partition);
    in.require("offset", offset);
    in.require("receivedAt", receivedAt);
    byte[] bytes = null;
    if (payload != null) {
      if (payloadEncoding == null || DeadLetterPayload.UTF8.equals(payloadEncoding)) {
        bytes = payload.getBytes(StandardCharsets.UTF_8);
      } else if (DeadLetterPayload.BASE64.equals(payloadEncoding)) {
        try {
          bytes = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
          in.problem(RejectReason.INVALID_VALUE, "payload: not valid base64");
        }
      } else {
        in.problem(
            RejectReason.INVALID_VALUE,
            "payloadEncoding: "
                + FieldReader.quote(payloadEncoding)
                + " is not one of utf8, base64");
      }
    }
    if (in.hasProblem()) {
      return null;
    }
    return new DeadLetter(
        reason, detail, sourceTopic, partition.intValue(), offset, null, bytes, receivedAt);
  }
}

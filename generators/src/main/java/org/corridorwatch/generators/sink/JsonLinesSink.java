package org.corridorwatch.generators.sink;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.corridorwatch.generators.delivery.Delivery;

/**
 * A dry run: one JSON object per line instead of a Kafka record, so a replay can be inspected,
 * diffed and replayed later with {@code --file}.
 *
 * <p>Each line is {@code {"topic":..,"key":..,"value":{..}}}. Values that are not a JSON object
 * (injected malformed records) go as {@code "valueBase64"} instead, so every line stays valid JSON
 * and the bytes survive exactly.
 */
public final class JsonLinesSink implements RecordSink {
  private static final byte[] TOPIC = "{\"topic\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY = "\",\"key\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUE = ",\"value\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUE_BASE64 =
      ",\"valueBase64\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

  private final OutputStream out;

  public JsonLinesSink(OutputStream out) {
    this.out = new BufferedOutputStream(out, 1 << 16);
  }

  @Override
  public void send(Delivery d) {
    try {
      out.write(TOPIC);
      out.write(d.topic().getBytes(StandardCharsets.UTF_8));
      out.write(KEY);
      if (d.key() == null) {
        out.write(NULL);
      } else {
        out.write('"');
        out.write(ESCAPER.quoteAsUTF8(new String(d.key(), StandardCharsets.UTF_8)));
        out.write('"');
      }
      if (d.kind() == Delivery.Kind.MALFORMED || d.kind() == Delivery.Kind.REPLAYED) {
        // not known to be one JSON object: keep the exact bytes
        out.write(VALUE_BASE64);
        out.write(Base64.getEncoder().encode(d.value()));
        out.write('"');
      } else {
        out.write(VALUE);
        out.write(d.value());
      }
      out.write('}');
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("writing the dry run to standard output failed", e);
    }
  }

  @Override
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    flush();
  }
}

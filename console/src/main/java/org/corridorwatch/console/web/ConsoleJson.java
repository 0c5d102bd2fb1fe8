package org.corridorwatch.console.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.corridorwatch.model.PortWaits;

/**
 * The console's one JSON mapper: views to JSON, times as epoch milliseconds; request bodies in. The
 * model's records are shown as they are, under the topic's field names.
 */
public final class ConsoleJson {
  private final ObjectMapper mapper =
      new ObjectMapper()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .addMixIn(PortWaits.class, PortWaitsFields.class);

  /** The window's ends under the names {@code corridor.port-waits.v1} gives them. */
  private abstract static class PortWaitsFields {
    @JsonProperty("windowStart")
    abstract long windowStartMillis();

    @JsonProperty("windowEnd")
    abstract long windowEndMillis();
  }

  /** A request body as a tree; an {@link IllegalArgumentException} (a 400) when it is not JSON. */
  public JsonNode read(String body) {
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body must be JSON: " + e.getOriginalMessage());
    }
  }

  public String write(Object view) {
    try {
      return mapper.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + view.getClass().getSimpleName(), e);
    }
  }
}

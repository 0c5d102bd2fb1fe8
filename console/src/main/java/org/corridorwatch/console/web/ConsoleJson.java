package org.corridorwatch.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The console's one JSON writer: views to JSON, times as epoch milliseconds. */
public final class ConsoleJson {
  private final ObjectMapper mapper =
      new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  public String write(Object view) {
    try {
      return mapper.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + view.getClass().getSimpleName(), e);
    }
  }
}

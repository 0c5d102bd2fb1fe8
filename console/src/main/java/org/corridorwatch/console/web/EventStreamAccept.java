package org.corridorwatch.console.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Lets a plain {@code curl -N} subscribe to the streams. Javalin opens an event stream only for a
 * request that sends {@code Accept: text/event-stream}, which browsers' EventSource does and curl
 * does not; on the stream paths this filter says it for them.
 */
final class EventStreamAccept implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && http.getRequestURI().endsWith("/stream")) {
      request =
          new HttpServletRequestWrapper(http) {
            @Override
            public String getHeader(String name) {
              return "Accept".equalsIgnoreCase(name) ? "text/event-stream" : super.getHeader(name);
            }
          };
    }
    chain.doFilter(request, response);
  }
}

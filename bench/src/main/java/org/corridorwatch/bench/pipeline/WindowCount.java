package org.corridorwatch.bench.pipeline;

/**
 * The figure both rolling-window designs compute: departures at one port in the 24 h ending at
 * {@code windowEnd}.
 *
 * @param portId the port
 * @param windowEnd exclusive end of the 24 h window, epoch millis, on a 15-minute slot boundary
 * @param trips departures in the window
 */
public record WindowCount(String portId, long windowEnd, long trips) {}

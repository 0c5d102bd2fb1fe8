package org.corridorwatch.console.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * {@code GET /api/history/{utilisation,waits,balances}}: the records the console holds for one key
 * and a time range, written again with the job's own writer, so each is byte for byte the record on
 * the topic. JSON is an array of those records; CSV has one row per record and the record's fields,
 * {@code schema} left out, as columns in the contract's order, each value as the topic writes it
 * and an empty cell for null. See console/README.md.
 */
final class HistoryExport {
  /** CSV columns: the record's fields in the contract's order, {@code schema} left out. */
  static final List<String> UTILISATION_COLUMNS =
      List.of(
          "portId",
          "windowStart",
          "windowEnd",
          "trips",
          "designedTripsPerDayMin",
          "designedTripsPerDayMax",
          "utilisation",
          "band");

  static final List<String> WAITS_COLUMNS =
      List.of(
          "portId",
          "windowStart",
          "windowEnd",
          "waiting",
          "oldestWaitMinutes",
          "cleared",
          "clearanceMinutesP50",
          "clearanceMinutesP90",
          "clearanceMinutesMax",
          "departed",
          "dwellMinutesP50",
          "dwellMinutesP90");

  static final List<String> BALANCE_COLUMNS =
      List.of(
          "level",
          "id",
          "scope",
          "asOf",
          "outbound",
          "inbound",
          "ratio",
          "inboundShare",
          "emptyInboundShare",
          "emptyInbound");

  /** What a range covers when the request names none: the day up to the newest record. */
  static final Duration DEFAULT_RANGE = Duration.ofDays(1);

  private final ConsoleState state;
  private final CorridorCatalogue catalogue;
  // the codec reuses one buffer and is not thread-safe, and a browser asks for a port's charts in
  // parallel: one codec per serving thread
  private final ThreadLocal<CorridorCodec> codecs =
      ThreadLocal.withInitial(CorridorCodec::forOutputs);
  private final JsonFactory factory = new JsonFactory();

  HistoryExport(ConsoleState state, CorridorCatalogue catalogue) {
    this.state = state;
    this.catalogue = catalogue;
  }

  void utilisation(Context ctx) {
    portHistory(
        ctx,
        "utilisation",
        UTILISATION_COLUMNS,
        state::newestReading,
        state::utilisationHistory,
        codecs.get()::write);
  }

  void waits(Context ctx) {
    portHistory(
        ctx, "waits", WAITS_COLUMNS, state::newestWaits, state::waitsHistory, codecs.get()::write);
  }

  /** {@code level} and {@code id}, or {@code port} for a port's balance; {@code scope} optional. */
  void balances(Context ctx) {
    String port = ctx.queryParam("port");
    BalanceLevel level;
    String id;
    if (port != null) {
      level = BalanceLevel.PORT;
      id = port(ctx);
    } else {
      level = enumParam(ctx, "level", BalanceLevel.class, null);
      id = ctx.queryParam("id");
      if (level == null || id == null) {
        throw new IllegalArgumentException(
            "name the balance: level=LINE|CORRIDOR|PORT and id=..., or port=...");
      }
      boolean known =
          switch (level) {
            case LINE -> catalogue.lineIds().contains(id);
            case CORRIDOR -> catalogue.corridors().stream().anyMatch(c -> c.id().equals(id));
            case PORT -> catalogue.portIds().contains(id);
          };
      if (!known) {
        throw new IllegalArgumentException(
            "'" + id + "' is not a catalogue " + level.name().toLowerCase(Locale.ROOT));
      }
    }
    BalanceScope scope = enumParam(ctx, "scope", BalanceScope.class, BalanceScope.CUMULATIVE);
    Range r = range(ctx, state.newestBalance(level, id, scope));
    write(
        ctx,
        "balances-" + level.name().toLowerCase(Locale.ROOT) + "-" + id + "-" + scope,
        BALANCE_COLUMNS,
        state.balanceHistory(level, id, scope, r.from, r.to),
        codecs.get()::write);
  }

  /** A port's records of one output between two times, {@code from} inclusive. */
  @FunctionalInterface
  private interface PortHistory<T> {
    List<T> between(String port, long from, long to);
  }

  /**
   * Writes one output's records of the port the request names, over the range it asks for; {@code
   * newest} gives the port's newest record, where a range ends by default.
   */
  private <T> void portHistory(
      Context ctx,
      String output,
      List<String> columns,
      ToLongFunction<String> newest,
      PortHistory<T> history,
      Function<T, byte[]> writer) {
    String port = port(ctx);
    Range r = range(ctx, newest.applyAsLong(port));
    write(ctx, output + "-" + port, columns, history.between(port, r.from, r.to), writer);
  }

  private String port(Context ctx) {
    String port = ctx.queryParam("port");
    if (port == null) {
      throw new IllegalArgumentException("name the port: port=CN-PINGXIANG, for example");
    }
    if (!catalogue.portIds().contains(port)) {
      throw new IllegalArgumentException("'" + port + "' is not a catalogue port");
    }
    return port;
  }

  private record Range(long from, long to) {}

  /**
   * {@code from} inclusive and {@code to} exclusive, each a time such as 2019-07-01T08:00:00Z or a
   * date; or {@code last} (24h, 7d, ...) ending with the newest record. Without any, the last day.
   */
  private static Range range(Context ctx, long newest) {
    String last = ctx.queryParam("last");
    String fromText = ctx.queryParam("from");
    String toText = ctx.queryParam("to");
    if (last != null && (fromText != null || toText != null)) {
      throw new IllegalArgumentException("give either last=... or from=.../to=..., not both");
    }
    long end = newest == Long.MIN_VALUE ? 0 : newest + 1;
    if (fromText == null && toText == null) {
      Duration span = last == null ? DEFAULT_RANGE : duration(last);
      return new Range(end - span.toMillis(), end);
    }
    long to = toText == null ? end : instant("to", toText);
    long from = fromText == null ? to - DEFAULT_RANGE.toMillis() : instant("from", fromText);
    if (from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    return new Range(from, to);
  }

  private static Duration duration(String text) {
    Duration d;
    try {
      d = TimeOptions.parseDuration(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("last: " + e.getMessage());
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("last must be longer than 0, such as 24h or 7d");
    }
    return d;
  }

  private static long instant(String name, String text) {
    try {
      return TimeOptions.parseInstant(text).toEpochMilli();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private static <E extends Enum<E>> E enumParam(
      Context ctx, String name, Class<E> type, E absent) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return absent;
    }
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + " must be one of " + List.of(type.getEnumConstants()) + ", got '" + text + "'");
    }
  }

  private <T> void write(
      Context ctx, String name, List<String> columns, List<T> records, Function<T, byte[]> writer) {
    if (wantsCsv(ctx)) {
      ctx.contentType("text/csv; charset=utf-8");
      ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
      ctx.result(csv(columns, records, writer));
    } else {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128 + records.size() * 256);
      out.write('[');
      for (int i = 0; i < records.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.writeBytes(writer.apply(records.get(i)));
      }
      out.write(']');
      ctx.contentType("application/json");
      ctx.result(out.toByteArray());
    }
  }

  /** {@code format=csv|json} wins; otherwise an Accept naming text/csv and not JSON. */
  private static boolean wantsCsv(Context ctx) {
    String format = ctx.queryParam("format");
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default ->
            throw new IllegalArgumentException("format must be csv or json, got '" + format + "'");
      };
    }
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/csv") && !accept.contains("application/json");
  }

  /** The header, then one row per record: an empty range is a header alone. */
  private <T> byte[] csv(List<String> columns, List<T> records, Function<T, byte[]> writer) {
    StringBuilder out = new StringBuilder(64 + records.size() * 128);
    out.append(String.join(",", columns)).append("\r\n");
    for (T record : records) {
      row(columns, writer.apply(record), out);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One flat record's values as written, {@code schema} left out; its fields must be the columns,
   * in order, or the writer and this page's columns have drifted apart.
   */
  private void row(List<String> columns, byte[] json, StringBuilder out) {
    try (JsonParser p = factory.createParser(json)) {
      p.nextToken(); // the record's object
      int column = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("schema")) {
          continue;
        }
        if (column >= columns.size() || !columns.get(column).equals(field)) {
          throw new IllegalStateException(
              "the record's field '" + field + "' is not column " + column + " of " + columns);
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          throw new IllegalStateException("a history record is flat; '" + field + "' is not");
        }
        if (column > 0) {
          out.append(',');
        }
        cell(out, value == JsonToken.VALUE_NULL ? "" : p.getText());
        column++;
      }
      if (column != columns.size()) {
        throw new IllegalStateException("the record has " + column + " of the columns " + columns);
      }
      out.append("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
  private static void cell(StringBuilder out, String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      out.append(text);
      return;
    }
    out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }
}

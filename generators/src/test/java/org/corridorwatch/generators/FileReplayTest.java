package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.sink.JsonLinesSink;
import org.corridorwatch.generators.sink.ReplayException;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.kafka.InputTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying a file: dry-run output round-trips, bare records are routed, bad files send nothing.
 */
class FileReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Replay.Plan filePlan(Path file) {
    return new Replay.Plan(
        List.of(),
        file,
        ScenarioSettings.defaults(),
        ReplayCommand.DEFAULT_SEED,
        null,
        null,
        InjectionSettings.none(),
        InputTopics.contract(),
        false);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dryRunOutputReplaysAsTheSameRecords(@TempDir Path dir) throws IOException {
    InjectionSettings injection =
        new InjectionSettings(
            2 * 60_000L, 0.02, 0.01, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0.01);
    List<Delivery> original =
        CollectingSink.replay(CollectingSink.plan("pingxiang-overload", 1, 11L, injection), null)
            .deliveries;
    assertThat(original)
        .anyMatch(d -> d.kind() == Delivery.Kind.MALFORMED)
        .anyMatch(d -> d.kind() == Delivery.Kind.DUPLICATE)
        .anyMatch(d -> d.kind() == Delivery.Kind.LATE);
    Path file = dir.resolve("dry-run.jsonl");
    try (OutputStream out = Files.newOutputStream(file)) {
      JsonLinesSink dryRun = new JsonLinesSink(out);
      original.forEach(dryRun::send);
      dryRun.close();
    }

    List<Delivery> replayed = CollectingSink.replay(filePlan(file), null).deliveries;

    assertThat(replayed).hasSameSizeAs(original).allMatch(d -> d.kind() == Delivery.Kind.REPLAYED);
    int base64 = 0;
    for (int i = 0; i < original.size(); i++) {
      Delivery before = original.get(i);
      Delivery after = replayed.get(i);
      assertThat(after.topic()).as("topic of record %d", i).isEqualTo(before.topic());
      assertThat(after.key()).as("key of record %d", i).isEqualTo(before.key());
      if (before.kind() == Delivery.Kind.MALFORMED) {
        base64++;
        assertThat(after.value())
            .as("malformed record %d, byte for byte", i)
            .isEqualTo(before.value());
      } else {
        // a "value" envelope is parsed and written again by Jackson: the same JSON, maybe not the
        // same bytes
        assertThat(JSON.readTree(after.value()))
            .as("record %d", i)
            .isEqualTo(JSON.readTree(before.value()));
        assertThat(after.eventTime())
            .as("event time of record %d", i)
            .isEqualTo(before.eventTime());
      }
    }
    assertThat(base64).isPositive();
  }

  @Test
  void bareContractRecordsAreRoutedAndKeyedByTheContract(@TempDir Path dir) throws IOException {
    String crossing =
        "{\"schema\":\"border-crossing/1.3\",\"eventId\":\"c-1\",\"portId\":\"CN-PINGXIANG\","
            + "\"vehicleId\":\"GX-A1234\",\"stage\":\"DEPARTED\",\"direction\":\"EXPORT\","
            + "\"eventTime\":\"2019-07-01T08:14:37Z\"}";
    String shipment =
        "{\"eventId\":\"s-1\",\"shipmentId\":\"SH-1\",\"lineId\":\"ILSTC-ROAD-MIDDLE\","
            + "\"direction\":\"OUTBOUND\",\"status\":\"DEPARTED\",\"teu\":2.0,"
            + "\"eventTime\":\"2019-07-01T10:00:00+07:00\"}";
    String control =
        "{\"eventId\":\"ctl-1\",\"type\":\"CAPACITY\",\"portId\":\"LA-BOTEN\","
            + "\"designedTripsPerDayMin\":300,\"designedTripsPerDayMax\":400,"
            + "\"effectiveFrom\":\"2019-07-01T00:00:00Z\"}";
    // thresholds for every port: keyed "*", as the contract keys them
    String everyPort =
        "{\"schema\":\"control/1\",\"eventId\":\"ctl-2\",\"type\":\"THRESHOLDS\","
            + "\"effectiveFrom\":\"2019-07-01T00:00:00Z\",\"overloadWarning\":1.1}";
    Path file = dir.resolve("records.jsonl");
    Files.writeString(
        file, crossing + "\n\n" + shipment + "\n" + control + "\n" + everyPort + "\n");

    List<Delivery> sent = CollectingSink.replay(filePlan(file), null).deliveries;

    assertThat(sent)
        .extracting(Delivery::topic)
        .containsExactly(Topics.BORDER_CROSSINGS, Topics.SHIPMENTS, Topics.CONTROL, Topics.CONTROL);
    assertThat(sent)
        .extracting(Delivery::key)
        .containsExactly(
            utf8("CN-PINGXIANG"), utf8("ILSTC-ROAD-MIDDLE"), utf8("LA-BOTEN"), utf8("*"));
    assertThat(sent)
        .extracting(Delivery::value)
        .containsExactly(utf8(crossing), utf8(shipment), utf8(control), utf8(everyPort));
    assertThat(sent).allMatch(d -> d.kind() == Delivery.Kind.REPLAYED && d.record() == null);
  }

  @Test
  void aBadLineStopsTheReplayBeforeAnythingIsSent(@TempDir Path dir) throws IOException {
    String good =
        "{\"topic\":\"corridor.border-crossings.v1\",\"key\":\"CN-PINGXIANG\",\"value\":"
            + "{\"eventId\":\"c-1\",\"portId\":\"CN-PINGXIANG\",\"vehicleId\":\"V1\","
            + "\"stage\":\"ARRIVED\",\"direction\":\"EXPORT\","
            + "\"eventTime\":\"2019-07-01T08:00:00Z\"}}";
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, good + "\n" + good + "\n" + "this is not JSON\n" + good + "\n");

    CollectingSink sink = new CollectingSink();
    Replay replay =
        Replay.of(
            filePlan(file),
            CollectingSink.CATALOGUE,
            sink,
            Pacer.unlimited(),
            CollectingSink.oracle());

    assertThatThrownBy(replay::run)
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining(file.toString());
    assertThat(sink.deliveries).isEmpty();
  }
}

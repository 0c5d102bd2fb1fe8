package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.PINGXIANG;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.end;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.SustainedOverloadScenarios;
import org.corridorwatch.generators.answers.SustainedOverloadScenarios.Scenario;
import org.corridorwatch.jobs.MiniClusters;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.PortUtilisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code SUSTAINED_OVERLOAD} as the job finds it: the three CEP runs of {@link
 * SustainedOverload#signals} and the {@link AlertEpisodes} lifecycle, wired as in the pipeline,
 * against the hand-written {@link SustainedOverloadScenarios} that also check the counting oracle.
 * Readings get event time {@code windowEnd - 1} as in the job; the end of the input flushes every
 * finding.
 */
class SustainedOverloadTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.onLoopback(1);

  /** The alert transitions the job writes for {@code readings}, in the order it writes them. */
  static List<Alert> alerts(List<PortUtilisation> readings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<PortUtilisation> utilisation =
        env.fromData(readings)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<PortUtilisation>forMonotonousTimestamps()
                    .withTimestampAssigner((reading, previous) -> reading.windowEndMillis() - 1));
    DataStream<JudgedReading> judged =
        utilisation
            .map(r -> new JudgedReading(r, AlertThresholds.defaults()))
            .returns(JudgedReading.class);
    DataStream<Alert> alerts =
        SustainedOverload.signals(judged.keyBy(JudgedReading::portId))
            .keyBy(AlertSignal::episodeKey)
            .process(new AlertEpisodes())
            .returns(Alert.class);
    List<Alert> out = new ArrayList<>();
    try (CloseableIterator<Alert> it = alerts.executeAndCollect("sustained-overload")) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static List<ExpectedAlert> transitions(List<Alert> alerts) {
    return alerts.stream().map(ExpectedAlert::of).toList();
  }

  static List<Scenario> scenarios() {
    return SustainedOverloadScenarios.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void givesTheHandWrittenTransitions(Scenario scenario) throws Exception {
    List<Alert> alerts = alerts(scenario.readings());

    assertThat(alerts).hasSameSizeAs(scenario.expected());
    for (String port : scenario.ports()) {
      assertThat(transitions(alerts.stream().filter(a -> a.subject().equals(port)).toList()))
          .as("%s: %s", scenario, port)
          .containsExactlyElementsOf(scenario.expectedOf(port));
    }
  }

  @Test
  void aRaisedAlertNamesThePortItsFirstOverReadingAndTheEvidence() throws Exception {
    long before = System.currentTimeMillis();

    List<Alert> alerts =
        alerts(SustainedOverloadScenarios.readings(PINGXIANG, 900, 1100, 1100, 1100, 1100));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
              assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
              // the first over reading is reading 1, 06:30
              assertThat(a.alertId())
                  .isEqualTo("SUSTAINED_OVERLOAD:CN-PINGXIANG:2026-11-22T06:30:00Z");
              assertThat(a.startedAtMillis()).isEqualTo(end(1));
              assertThat(a.message()).contains("Pingxiang").contains("110%").contains("100%");
              assertThat(a.evidenceJson())
                  .contains("\"readings\":4")
                  .contains("\"windowEnd\":\"2026-11-22T06:30:00Z\"")
                  .contains("\"windowEnd\":\"2026-11-22T07:15:00Z\"")
                  .doesNotContain("\"windowEnd\":\"2026-11-22T06:15:00Z\"");
              assertThat(a.detectedAtMillis()).isGreaterThanOrEqualTo(before);
            });
  }
}

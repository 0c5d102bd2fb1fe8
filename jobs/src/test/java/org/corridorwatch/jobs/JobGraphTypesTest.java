package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.corridorwatch.jobs.balance.BalanceContribution;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.utilisation.CapacitySchedule;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.Topics;
import org.junit.jupiter.api.Test;

/**
 * Flink never falls back to Kryo for the job: every type between operators is a POJO or a basic
 * type, and building the whole graph with generic types disabled (as the job runs) succeeds.
 */
class JobGraphTypesTest {

  @Test
  void theJobsOwnTypesArePojos() {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    for (TypeInformation<?> type :
        List.of(
            InputKind.CROSSINGS.type(),
            InputKind.SHIPMENTS.type(),
            InputKind.CONTROL.type(),
            new TypeHint<BalanceContribution<BorderCrossing>>() {}.getTypeInfo(),
            TypeInformation.of(CapacitySchedule.class))) {
      assertThat(type).as(type.toString()).isInstanceOf(PojoTypeInfo.class);
      // a field typed only by a type variable would need Kryo: creating the serializer fails
      assertThat(type.createSerializer(noKryo)).as(type.toString()).isNotNull();
    }
  }

  /**
   * The whole job's graph at parallelism 2, as the job wires it, without a cluster or a broker.
   *
   * @param partitions each input topic's partitions, which decide its source's readers
   */
  static StreamGraph jobGraph(Map<String, Integer> partitions) {
    AnalyticsOptions options = CorridorAnalyticsJob.parse("--parallelism", "2");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            CorridorAnalyticsJob.configuration(options));
    CorridorAnalyticsJob.wire(env, options, new Properties(), partitions);
    return env.getStreamGraph();
  }

  @Test
  void theWholeJobGraphBuildsWithoutKryo() {
    StreamGraph graph =
        jobGraph(Map.of(Topics.BORDER_CROSSINGS, 4, Topics.SHIPMENTS, 4, Topics.CONTROL, 1));
    List<String> serializers = new ArrayList<>();
    for (StreamNode node : graph.getStreamNodes()) {
      for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
        serializers.add(node.getOperatorName() + " in: " + in.getClass().getName());
      }
      if (node.getTypeSerializerOut() != null) {
        serializers.add(
            node.getOperatorName() + " out: " + node.getTypeSerializerOut().getClass().getName());
      }
    }

    assertThat(graph.getStreamNodes()).hasSizeGreaterThan(10);
    assertThat(serializers).isNotEmpty().noneMatch(s -> s.contains("Kryo"));
  }
}

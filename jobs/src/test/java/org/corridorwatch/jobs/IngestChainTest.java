package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.corridorwatch.model.Topics;
import org.junit.jupiter.api.Test;

/**
 * Each input's early on-time check runs in its reader's task, whatever the number of readers: one
 * reader's records and watermarks reach dedup through one channel, in the order read.
 */
class IngestChainTest {

  @Test
  void theEarlyCheckIsChainedToItsReaderForOneReaderAndForSeveral() {
    // crossings on one partition (one reader), shipments on four (two readers)
    StreamGraph graph =
        JobGraphTypesTest.jobGraph(
            Map.of(Topics.BORDER_CROSSINGS, 1, Topics.SHIPMENTS, 4, Topics.CONTROL, 1));

    for (String what : new String[] {"crossings", "shipments"}) {
      StreamNode check = node(graph, "Accept on-time " + what);
      assertThat(check.getInEdges()).hasSize(1);
      StreamEdge in = check.getInEdges().get(0);
      StreamNode reader = graph.getStreamNode(in.getSourceId());
      assertThat(reader.getOperatorName()).as(what).contains("Kafka");
      assertThat(in.getPartitioner()).as(what).isInstanceOf(ForwardPartitioner.class);
      assertThat(check.getParallelism()).as(what).isEqualTo(reader.getParallelism());
    }
    assertThat(node(graph, "Accept on-time crossings").getParallelism()).isEqualTo(1);
    assertThat(node(graph, "Accept on-time shipments").getParallelism()).isEqualTo(2);

    JobGraph job = graph.getJobGraph();
    for (String what : new String[] {"crossings", "shipments"}) {
      assertThat(job.getVertices())
          .extracting(JobVertex::getName)
          .as("one task reads %s and checks them", what)
          .anyMatch(name -> name.contains("Kafka") && name.contains("Accept on-time " + what));
    }
  }

  private static StreamNode node(StreamGraph graph, String name) {
    return graph.getStreamNodes().stream()
        .filter(n -> n.getOperatorName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operator named " + name));
  }
}

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
 * Each input's check for rejections runs in its reader's task, whatever the number of readers: one
 * reader's records and watermarks reach dedup through one channel, in the order read, and the
 * operators' instructions reach every operator in the order they were written.
 */
class IngestChainTest {

  @Test
  void theCheckForRejectionsIsChainedToItsReaderForOneReaderAndForSeveral() {
    // crossings and control on one partition (one reader), shipments on four (two readers)
    StreamGraph graph =
        JobGraphTypesTest.jobGraph(
            Map.of(Topics.BORDER_CROSSINGS, 1, Topics.SHIPMENTS, 4, Topics.CONTROL, 1));
    Map<String, Integer> readers =
        Map.of(
            "Accept parsed crossings", 1,
            "Accept parsed shipments", 2,
            "Accept control records", 1);

    JobGraph job = graph.getJobGraph();
    readers.forEach(
        (check, parallelism) -> {
          StreamNode node = node(graph, check);
          assertThat(node.getInEdges()).as(check).hasSize(1);
          StreamEdge in = node.getInEdges().get(0);
          StreamNode reader = graph.getStreamNode(in.getSourceId());
          assertThat(reader.getOperatorName()).as(check).startsWith("Source: Kafka: ");
          assertThat(in.getPartitioner()).as(check).isInstanceOf(ForwardPartitioner.class);
          assertThat(node.getParallelism()).as(check).isEqualTo(parallelism);
          assertThat(reader.getParallelism()).as(check).isEqualTo(parallelism);
          assertThat(job.getVertices())
              .extracting(JobVertex::getName)
              .as("one task reads and checks: %s", check)
              .anyMatch(name -> name.startsWith("Source: Kafka: ") && name.contains(check));
        });
  }

  private static StreamNode node(StreamGraph graph, String name) {
    return graph.getStreamNodes().stream()
        .filter(n -> n.getOperatorName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operator named " + name));
  }
}

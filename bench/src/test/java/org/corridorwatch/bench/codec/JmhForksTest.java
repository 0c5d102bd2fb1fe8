package org.corridorwatch.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Each fork is one run: the figure is the median of the forks' means, with their min and max. */
class JmhForksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theCodecsFigureIsTheMedianForkMeanAgainstItsGoal() throws Exception {
    // forks' means: 300, 500, 420 (median 420, over the 400 ns goal); the binding's: 100, 110, 90
    String results =
        "[{\"benchmark\":\"org.corridorwatch.bench.codec.CodecParseBenchmark.corridorCodec\","
            + "\"primaryMetric\":{\"rawData\":[[290,310],[500,500],[400,440]]}},"
            + "{\"benchmark\":\"org.corridorwatch.bench.codec.CodecParseBenchmark.jacksonDataBinding\","
            + "\"primaryMetric\":{\"rawData\":[[100],[110],[90]]}}]";

    String md = JmhForks.markdown(JSON.readTree(results));

    assertThat(md)
        .contains("| `corridorCodec` | 3 | 420 (min 300, max 500) | ≤ 400 ns: **missed** |")
        .contains("| `jacksonDataBinding` | 3 | 100 (min 90, max 110) |  |");
  }

  @Test
  void aMedianAtTheGoalMeetsIt() throws Exception {
    String results =
        "[{\"benchmark\":\"x.CodecParseBenchmark.corridorCodec\","
            + "\"primaryMetric\":{\"rawData\":[[380],[400],[900]]}}]";

    assertThat(JmhForks.markdown(JSON.readTree(results))).contains("≤ 400 ns: met");
  }
}

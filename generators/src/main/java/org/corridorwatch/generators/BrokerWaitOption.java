package org.corridorwatch.generators;

import java.time.Duration;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.generators.sink.BrokerWait;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --broker-wait}: how long a command that produces to Kafka waits for a broker that stops
 * answering while it runs, named alike in every such command: a picocli mixin.
 */
public final class BrokerWaitOption {
  /** A duration within {@link BrokerWait}'s bounds; anything else is one line saying so. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Duration d = TimeOptions.parseDuration(text);
      String problem = BrokerWait.check(d);
      if (problem != null) {
        throw new TypeConversionException(problem);
      }
      return d;
    }
  }

  @Option(
      names = BrokerWait.OPTION,
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = Converter.class,
      description =
          "When the broker stops answering while records are being sent, keep them and wait this"
              + " long for it (saying so on standard error every 10 s), then stop with one line."
              + " Nothing is lost or doubled while waiting. From 2s to 24d. Default:"
              + " ${DEFAULT-VALUE}.")
  Duration brokerWait = BrokerWait.DEFAULT;

  public Duration limit() {
    return brokerWait;
  }

  /** The wait, with its notices on standard error under {@code program}'s name. */
  public BrokerWait forProgram(String servers, String program) {
    return BrokerWait.toStandardError(brokerWait, servers, program);
  }
}

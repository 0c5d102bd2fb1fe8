package org.corridorwatch.model.kafka;

import org.corridorwatch.cli.ConnectTimeoutOption;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How a program that produces creates the contract topics it finds missing ({@link
 * ContractTopics#ensure}), and how long it waits for Kafka at start: {@code --partitions}, {@code
 * --replication-factor} and {@code --connect-timeout}, the same in the job and the replay. A
 * picocli mixin, or an option group with a heading of its own.
 */
public class TopicCreationOptions extends ConnectTimeoutOption {
  /** A partition count: at least 1. */
  static final class Partitions implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      return count(text, Integer.MAX_VALUE);
    }
  }

  /** A replication factor: at least 1, and Kafka keeps it in a short. */
  static final class Replicas implements ITypeConverter<Short> {
    @Override
    public Short convert(String text) {
      return (short) count(text, Short.MAX_VALUE);
    }
  }

  private static int count(String text, int max) {
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > max) {
      String range = max == Integer.MAX_VALUE ? "of at least 1" : "from 1 to " + max;
      throw new TypeConversionException("'" + text + "' is not a whole number " + range);
    }
    return n;
  }

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "4",
      converter = Partitions.class,
      description = "Partitions of each topic created when missing. Default: ${DEFAULT-VALUE}.")
  private int partitions = 4;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "1",
      converter = Replicas.class,
      description =
          "Replication factor of each topic created when missing. Default: ${DEFAULT-VALUE}.")
  private short replicationFactor = 1;

  public int partitions() {
    return partitions;
  }

  public short replicationFactor() {
    return replicationFactor;
  }
}

package org.corridorwatch.model.kafka;

import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What the two topic mixins share on the command line: how a bad topic option is refused. */
final class TopicOptions {
  private TopicOptions() {}

  /** Takes a topic option's value only when Kafka would accept it as a topic name. */
  static final class Name implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String problem = TopicNaming.problem(value);
      if (problem != null) {
        throw new CommandLine.TypeConversionException(problem);
      }
      return value;
    }
  }

  /**
   * The topics {@code topics} makes; two options naming one topic are a usage error of the command
   * that mixes the options in, which stops it with one line. Options built without a command line
   * get the plain exception.
   */
  static <T> T checked(CommandSpec mixee, Supplier<T> topics) {
    try {
      return topics.get();
    } catch (IllegalArgumentException e) {
      if (mixee == null) {
        throw e;
      }
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
    }
  }
}

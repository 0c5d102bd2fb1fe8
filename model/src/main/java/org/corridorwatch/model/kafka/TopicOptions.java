package org.corridorwatch.model.kafka;

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
   * Two options naming one topic, as a usage error of the command that mixes the options in, which
   * stops it with one line; options built without a command line get the plain exception back.
   */
  static RuntimeException usageError(CommandSpec mixee, IllegalArgumentException e) {
    return mixee == null
        ? e
        : new CommandLine.ParameterException(mixee.commandLine(), e.getMessage());
  }
}

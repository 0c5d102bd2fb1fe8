package org.corridorwatch.model.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the two topic mixins share: each names its topics in a table, one {@link Row} a topic, and
 * this turns the table into picocli options on the command that mixes it in. Every topic option so
 * reads alike: {@code --topic-<role>=TOPIC}, a name Kafka accepts, the contract's name by default.
 *
 * @param <T> the topics the options name, built from the chosen names in the table's order
 */
@Command // picocli takes a class as a mixin only when it carries one of its annotations
abstract class TopicOptions<T> {
  /**
   * One topic option.
   *
   * @param option its name, such as {@code --topic-crossings}
   * @param carries what the topic holds, for --help
   * @param contractTopic the contract's name, the default
   */
  record Row(String option, String carries, String contractTopic) {}

  private final List<Row> table;
  private final Function<List<String>, T> topics;
  private final List<String> chosen = new ArrayList<>();
  private CommandSpec mixee;

  /**
   * @param topics makes the topics from the chosen names, in the table's order
   */
  TopicOptions(List<Row> table, Function<List<String>, T> topics) {
    this.table = table;
    this.topics = topics;
    // a mixin never parsed names the contract's topics
    table.forEach(row -> chosen.add(row.contractTopic()));
  }

  /** Called by picocli with the command that mixes these options in: gives it one per topic. */
  @Spec(Spec.Target.MIXEE)
  private void addOptionsTo(CommandSpec mixee) {
    this.mixee = mixee;
    for (int i = 0; i < table.size(); i++) {
      Row row = table.get(i);
      Chosen value = new Chosen(i);
      mixee.addOption(
          OptionSpec.builder(row.option())
              .paramLabel("TOPIC")
              .type(String.class)
              .converters(new Name())
              .description("Topic of " + row.carries() + ". Default: ${DEFAULT-VALUE}.")
              .initialValue(row.contractTopic())
              .hasInitialValue(true)
              .getter(value)
              .setter(value)
              .build());
    }
  }

  /**
   * The topics the options name.
   *
   * @throws ParameterException when two options name one topic
   */
  public T topics() {
    try {
      return topics.apply(List.copyOf(chosen));
    } catch (IllegalArgumentException e) {
      if (mixee == null) {
        throw e; // options built without a command line
      }
      // a usage error of the command, which stops it with one line
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }

  /** Where picocli reads and writes one option's value: its place in {@link #chosen}. */
  private final class Chosen implements IGetter, ISetter {
    private final int index;

    Chosen(int index) {
      this.index = index;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
      return (V) chosen.get(index);
    }

    @Override
    public <V> V set(V value) {
      V before = get();
      chosen.set(index, (String) value);
      return before;
    }
  }

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
}

package org.corridorwatch.generators.answers;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.corridorwatch.cli.CommandFailure;
import picocli.CommandLine.Option;

/**
 * {@code --expected FILE}: the known answers a check compares the job's outputs with, named alike
 * in every such check: a picocli mixin.
 */
public final class KnownAnswersOption {
  @Option(
      names = "--expected",
      paramLabel = "FILE",
      required = true,
      description = "The known answers written by 'corridor-watch replay --expected FILE'.")
  private Path expected;

  /** The known answers; a file that cannot be read stops the command with one line. */
  public KnownAnswersFile read() throws IOException {
    if (!Files.isRegularFile(expected) || !Files.isReadable(expected)) {
      throw new CommandFailure("--expected " + expected + " is not a file that can be read");
    }
    try {
      return KnownAnswersFile.read(expected);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new CommandFailure(
          "--expected "
              + expected
              + " is not known answers as 'corridor-watch replay --expected' writes them: "
              + why);
    }
  }
}

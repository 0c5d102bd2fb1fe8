package org.corridorwatch.model.json;

import java.io.IOException;

/**
 * The fields of one record type, gathered while its JSON object is read, then checked and built.
 * One draft per type per codec, reused for every record, so reading allocates only what the record
 * itself holds.
 */
abstract class RecordDraft<T> {
  private final String schema;

  RecordDraft(String schema) {
    this.schema = schema;
  }

  /** Clears the fields of the previous record. */
  abstract void reset();

  /** Reads one known field; returns false for a field this type does not know (it is skipped). */
  abstract boolean typedField(String name, FieldReader in) throws IOException;

  /** Checks required fields and references, recording problems in {@code in}; builds if none. */
  abstract T build(FieldReader in);

  final boolean field(String name, FieldReader in) throws IOException {
    if ("schema".equals(name)) {
      in.schema(schema);
      return true;
    }
    return typedField(name, in);
  }
}

package org.corridorwatch.seeds;

import java.util.Set;

/**
 * Where a seed value comes from: a line of a source document, or an assumption with its reason.
 * Exactly one of the two forms is allowed, so an assumption can never pass for a fact.
 *
 * @param doc the source document's file name (see {@code sources.json})
 * @param line the 1-based line of that document
 * @param cites the exact text on that line that the value rests on, such as a figure or a name;
 *     tests check it is there
 * @param assumed true when the sources give no value and this one is ours
 * @param reason one line on why the assumed value was chosen
 */
public record Provenance(String doc, Integer line, String cites, Boolean assumed, String reason) {

  // boxed so that a seed file may leave "assumed" out; absent means a cited fact
  public Provenance {
    assumed = assumed != null && assumed;
  }

  /** What is wrong with this provenance, or {@code null} when it is complete. */
  String problem(Set<String> knownDocs) {
    if (assumed) {
      if (reason == null || reason.isBlank()) {
        return "assumed value without a reason";
      }
      if (doc != null || line != null || cites != null) {
        return "assumed value must not also cite a document line";
      }
      return null;
    }
    if (doc == null || line == null || cites == null || cites.isBlank()) {
      return "provenance needs doc, line and cites (or assumed: true with a reason)";
    }
    if (!knownDocs.contains(doc)) {
      return "provenance names unknown document '" + doc + "'";
    }
    if (line < 1) {
      return "provenance line must be 1 or more, was " + line;
    }
    return null;
  }

  /** {@code doc:line}, or {@code assumed}, for people reading a summary. */
  public String label() {
    return assumed ? "assumed" : doc + ":" + line;
  }
}

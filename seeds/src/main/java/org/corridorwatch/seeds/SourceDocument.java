package org.corridorwatch.seeds;

/**
 * A source document that seed records cite.
 *
 * @param file the file name, as {@link Provenance#doc()} names it
 * @param author the author, or {@code null}
 * @param title the title
 * @param publication where it appeared
 */
public record SourceDocument(String file, String author, String title, String publication) {}

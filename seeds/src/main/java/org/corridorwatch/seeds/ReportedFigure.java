package org.corridorwatch.seeds;

import java.math.BigDecimal;

/**
 * One number the source documents report, kept so that scenarios, tests and the console can compare
 * against it.
 *
 * @param id stable id, lower-case
 * @param subject the catalogue node, line or corridor it is about, or {@code null}
 * @param metric what is measured
 * @param value the number, exactly as reported (without thousands separators)
 * @param unit its unit
 * @param period when it applies, as the source puts it
 * @param provenance the source line
 */
public record ReportedFigure(
    String id,
    String subject,
    String metric,
    BigDecimal value,
    String unit,
    String period,
    Provenance provenance) {}

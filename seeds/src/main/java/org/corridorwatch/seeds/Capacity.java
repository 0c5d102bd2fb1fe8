package org.corridorwatch.seeds;

/**
 * A port's designed daily capacity in vehicle trips. Utilisation divides by the maximum.
 *
 * @param designedTripsPerDayMin the lower end of the designed range
 * @param designedTripsPerDayMax the upper end, the contract's divisor of utilisation
 * @param provenance the source line, or the assumption and why
 */
public record Capacity(
    int designedTripsPerDayMin, int designedTripsPerDayMax, Provenance provenance) {}

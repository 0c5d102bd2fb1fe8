/**
 * Scenarios: realistic traffic derived from the source documents, generated chunk by chunk in
 * event-time order, each documenting what is sourced and what is synthetic.
 */
package org.corridorwatch.generators.scenario;

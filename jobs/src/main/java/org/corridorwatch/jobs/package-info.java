/**
 * The Flink job {@code corridor-analytics}. The pipelines arrive with issues #4 and #5; until then
 * this module holds the checks that the contract's record types travel through Flink without Kryo,
 * which the job's design depends on.
 */
package org.corridorwatch.jobs;

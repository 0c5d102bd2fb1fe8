/**
 * Scenario replay into Kafka with known answers. The scenarios, the replay command and the
 * expected-answer files arrive with issue #3; this module already builds against the model and the
 * seed catalogue so that later work slots in without changing the module layout.
 */
package org.corridorwatch.generators;

package org.corridorwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second test class in the same JVM gets the same broker as {@link KafkaBrokerITCase}: the
 * assertions hold whichever class runs first.
 */
class KafkaBrokerSharedITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension static final KafkaBrokerExtension KAFKA_AGAIN = new KafkaBrokerExtension();

  @Test
  void everyExtensionInstanceGetsTheOneBrokerOfThisJvm() {
    EmbeddedKafka kafka = KAFKA.broker();
    assertThat(KAFKA_AGAIN.broker()).isSameAs(kafka);
    assertThat(KAFKA.broker()).isSameAs(kafka);
    // started at most once in this JVM, whether this class or KafkaBrokerITCase ran first
    assertThat(EmbeddedKafka.embeddedStartsInThisJvm()).isEqualTo(kafka.isExternal() ? 0 : 1);
  }

  @Test
  void clusterIdIsStable() {
    EmbeddedKafka kafka = KAFKA.broker();
    String id = kafka.clusterId();
    assertThat(id).isNotBlank();
    assertThat(KAFKA_AGAIN.broker().clusterId()).isEqualTo(id);
    kafka.formattedClusterId().ifPresent(formatted -> assertThat(id).isEqualTo(formatted));
  }
}

package org.corridorwatch.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class the shared real Kafka broker ({@link EmbeddedKafka}):
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.broker().createTopics(3, topic); KAFKA.bootstrapServers() ...
 * }</pre>
 *
 * <p>The broker is started once per test JVM, on first use, and shared by every test class of the
 * run: it lives in the root {@link ExtensionContext.Store} as a {@link
 * ExtensionContext.Store.CloseableResource}, so JUnit closes it (stops the broker, deletes its
 * data) when the whole run ends. Set {@code -Dkafka.bootstrap=host:port} to use an external broker
 * instead. Must be registered on a {@code static} field ({@link BeforeAllCallback}).
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
  private static final String KEY = "shared-kafka-broker";
  private static final Object START_LOCK = new Object();

  private volatile EmbeddedKafka broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
    SharedBroker shared;
    // the root store is itself safe for concurrent use; the lock also makes "start once" obvious
    // under parallel class execution and keeps a second thread from racing a failed start
    synchronized (START_LOCK) {
      shared = root.getOrComputeIfAbsent(KEY, key -> new SharedBroker(), SharedBroker.class);
    }
    broker = shared.kafka;
  }

  /** The shared broker; available from {@code @BeforeAll} methods on. */
  public EmbeddedKafka broker() {
    EmbeddedKafka b = broker;
    if (b == null) {
      throw new IllegalStateException(
          "KafkaBrokerExtension not started: "
              + "register it with @RegisterExtension on a static field");
    }
    return b;
  }

  /** Shorthand for {@code broker().bootstrapServers()}. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  private static final class SharedBroker implements ExtensionContext.Store.CloseableResource {
    final EmbeddedKafka kafka = EmbeddedKafka.start();

    @Override
    public void close() {
      kafka.close();
    }
  }
}

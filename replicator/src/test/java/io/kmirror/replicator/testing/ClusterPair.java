package io.kmirror.replicator.testing;

import io.kmirror.broker.KafkaCluster;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;

/**
 * Two clusters, A and B, with an admin client each: the set-up most replicator integration tests
 * share.
 *
 * <p>The clusters come from {@code KafkaClusterExtension} as parameters of the test's static
 * {@code @BeforeAll} method, so they stay embedded or Testcontainers-backed as the run asks, take
 * their shape from {@code @ClusterSpec} on those parameters, and are closed by the extension when
 * the class ends. The pair owns only what {@link #open} created, the two admin clients, and {@link
 * #close()} closes just those; a static {@code @AutoClose} field does that after the class's
 * {@code @AfterAll} methods and before the extension closes the clusters.
 *
 * <pre>{@code
 * @ExtendWith(KafkaClusterExtension.class)
 * class MirrorIT {
 *   @AutoClose private static ClusterPair clusters;
 *
 *   @BeforeAll
 *   static void start(KafkaCluster a, KafkaCluster b) {
 *     clusters = ClusterPair.open(a, b);
 *   }
 *
 *   @Test
 *   void mirrors() throws Exception {
 *     Records.createTopic(clusters.adminA(), "orders", 3, Map.of());
 *     ... Records.readExactly(clusters.b(), "A.orders", 10, WAIT) ...
 *   }
 * }
 * }</pre>
 */
public record ClusterPair(KafkaCluster a, KafkaCluster b, Admin adminA, Admin adminB)
    implements AutoCloseable {

  public ClusterPair {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(adminA, "adminA");
    Objects.requireNonNull(adminB, "adminB");
  }

  /** Creates an admin client for each of the started clusters {@code a} and {@code b}. */
  public static ClusterPair open(KafkaCluster a, KafkaCluster b) {
    Admin adminA = Admin.create(a.clientProperties());
    try {
      return new ClusterPair(a, b, adminA, Admin.create(b.clientProperties()));
    } catch (RuntimeException e) {
      adminA.close();
      throw e;
    }
  }

  /** Closes both admin clients; the clusters belong to the extension that started them. */
  @Override
  public void close() {
    try {
      adminA.close();
    } finally {
      adminB.close();
    }
  }
}

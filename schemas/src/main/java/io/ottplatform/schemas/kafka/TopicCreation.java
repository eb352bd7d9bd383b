package io.ottplatform.schemas.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Creates topics and returns only once every partition's leader accepts writes.
 *
 * <p>Why the wait: in KRaft a broker publishes a new partition in its metadata (leader = itself)
 * a few hundred milliseconds before its replica manager has created the log. A producer that starts
 * in that gap gets NOT_LEADER_OR_FOLLOWER for its first batch while the next batch (higher sequence
 * number) lands once the log exists, so the broker's first sequence for that producer is not 0. The
 * idempotent producer then retries the first batch with sequence 0, the broker answers
 * OUT_OF_ORDER_SEQUENCE_NUMBER every time, and that partition's records expire after the delivery
 * timeout (seen with Kafka 4.2: whole partitions stalled for 30 s to 2 min on a fresh test broker).
 * ListOffsets is served by the same replica manager and fails the same way until the log exists,
 * so it tells when the partition is writable without writing anything.
 */
public final class TopicCreation {

  private TopicCreation() {}

  /** Creates the topics (failing if one exists) and waits until all their partitions accept writes. */
  public static void create(Admin admin, Collection<NewTopic> topics, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    awaitWritable(admin, topics.stream().map(NewTopic::name).toList(), timeout);
  }

  /** Waits until every partition of the topics has a leader that serves it (see the class comment). */
  public static void awaitWritable(Admin admin, Collection<String> topics, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      try {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(List.copyOf(topics)).allTopicNames()
            .get(leftMs, TimeUnit.MILLISECONDS).values()) {
          topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) Math.min(leftMs, Integer.MAX_VALUE)))
            .all().get(leftMs, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}

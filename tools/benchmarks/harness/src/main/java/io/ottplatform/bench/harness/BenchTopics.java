package io.ottplatform.bench.harness;

import io.ottplatform.schemas.kafka.TopicCreation;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A benchmark's own topics: created (and waited for until every partition takes writes, {@link
 * TopicCreation}) and deleted again, on the broker the benchmark runs against.
 */
public final class BenchTopics implements AutoCloseable {

  private final Admin admin;

  public BenchTopics(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    this.admin = Admin.create(p);
  }

  public void create(String name, int partitions) {
    try {
      TopicCreation.create(admin, List.of(new NewTopic(name, partitions, (short) 1)), Duration.ofSeconds(60));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  /** The topics whose name starts with {@code prefix} (left behind by an earlier, interrupted run). */
  public List<String> startingWith(String prefix) throws Exception {
    return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix)).sorted().toList();
  }

  public void delete(Collection<String> names) throws Exception {
    if (!names.isEmpty()) {
      admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}

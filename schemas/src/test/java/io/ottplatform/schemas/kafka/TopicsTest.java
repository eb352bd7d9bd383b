package io.ottplatform.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void topicNamesAreUniqueAndFindableByName() {
    Set<String> names = new HashSet<>();
    for (Topic<String, ?> topic : Topics.ALL) {
      assertThat(names.add(topic.name())).as("duplicate topic %s", topic.name()).isTrue();
      assertThat(Topics.byName(topic.name())).containsSame(topic);
    }
    assertThat(Topics.byName("no.such.topic")).isEmpty();
  }

  @Test
  void compactedTopicsKeepRecordsForeverAndOthersExpire() {
    NewTopic plans = Topics.ACCOUNT_PLANS.toNewTopic((short) 1);
    assertThat(plans.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");

    NewTopic events = Topics.PLAYBACK_EVENTS.toNewTopic((short) 1);
    assertThat(events.configs()).containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "604800000");
    assertThat(events.numPartitions()).isEqualTo(4);
  }
}

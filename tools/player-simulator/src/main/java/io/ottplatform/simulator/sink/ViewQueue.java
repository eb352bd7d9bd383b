package io.ottplatform.simulator.sink;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.PlaybackEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One view's outgoing batches, as an SDK keeps them while ingest is unreachable: in order, bounded in
 * events. The head is the batch being sent (or waiting for its retry) and is never touched; when the
 * batches behind it exceed the bound, the oldest heartbeats go first (they are what a later heartbeat
 * repeats), then the oldest events of any type. Dropped events are counted, never silent.
 *
 * @param <B> the caller's batch type, which exposes its events as a mutable list
 */
public final class ViewQueue<B extends ViewQueue.Batch> {

  /** A batch whose events this queue may thin out. */
  public interface Batch {
    List<PlaybackEvent> events();
  }

  private final int maxQueuedEvents;
  private final ArrayDeque<B> batches = new ArrayDeque<>();
  private int queuedEvents; // behind the head

  public ViewQueue(int maxQueuedEvents) {
    if (maxQueuedEvents < 1) {
      throw new IllegalArgumentException("a view queue must hold at least one event: " + maxQueuedEvents);
    }
    this.maxQueuedEvents = maxQueuedEvents;
  }

  /** Appends a batch; returns how many queued events had to be dropped to stay within the bound. */
  public int add(B batch) {
    if (batches.isEmpty()) {
      batches.add(batch);
      return 0;
    }
    batches.add(batch);
    queuedEvents += batch.events().size();
    int dropped = 0;
    dropped += trim(true);
    dropped += trim(false);
    return dropped;
  }

  private int trim(boolean heartbeatsOnly) {
    int dropped = 0;
    Iterator<B> it = batches.iterator();
    it.next(); // the head is in flight
    while (queuedEvents > maxQueuedEvents && it.hasNext()) {
      B b = it.next();
      List<PlaybackEvent> events = b.events();
      for (Iterator<PlaybackEvent> e = events.iterator(); e.hasNext() && queuedEvents > maxQueuedEvents; ) {
        PlaybackEvent event = e.next();
        if (heartbeatsOnly && event.getEventType() != EventType.HEARTBEAT) {
          continue;
        }
        e.remove();
        queuedEvents--;
        dropped++;
      }
      if (events.isEmpty()) {
        it.remove();
      }
    }
    return dropped;
  }

  public B head() {
    return batches.peek();
  }

  /** Removes the head (sent, or given up); returns the next batch to send, or null. */
  public B advance() {
    batches.poll();
    B next = batches.peek();
    if (next != null) {
      queuedEvents -= next.events().size();
    }
    return next;
  }

  public boolean isEmpty() {
    return batches.isEmpty();
  }

  /** Events waiting behind the head. */
  public int queuedEvents() {
    return queuedEvents;
  }

  /** Every batch, the head first (for tests and reports). */
  public List<B> batches() {
    return new ArrayList<>(batches);
  }
}

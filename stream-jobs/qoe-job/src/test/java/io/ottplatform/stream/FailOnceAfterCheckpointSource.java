package io.ottplatform.stream;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Test source around a real one that crashes its task once, right after the first checkpoint has
 * completed, so the job must restore from that checkpoint. Until then it reads slowly (so the crash
 * lands mid-stream); afterwards at full speed. One instance per JVM run: the flags are static because
 * the MiniCluster runs in the test's JVM and the source is serialized to it.
 */
final class FailOnceAfterCheckpointSource<T, S extends SourceSplit, E> implements Source<T, S, E> {

  private static final long serialVersionUID = 1L;

  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final AtomicBoolean CHECKPOINT_COMPLETED = new AtomicBoolean();
  static final AtomicLong RECORDS_POLLED_BEFORE_FAILURE = new AtomicLong();

  private final Source<T, S, E> delegate;

  FailOnceAfterCheckpointSource(Source<T, S, E> delegate) {
    this.delegate = delegate;
  }

  static void reset() {
    FAILED.set(false);
    CHECKPOINT_COMPLETED.set(false);
    RECORDS_POLLED_BEFORE_FAILURE.set(0);
  }

  @Override
  public Boundedness getBoundedness() {
    return delegate.getBoundedness();
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
    return new Reader<>(delegate.createReader(context));
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
    return delegate.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
    return delegate.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return delegate.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return delegate.getEnumeratorCheckpointSerializer();
  }

  private static final class Reader<T, S extends SourceSplit> implements SourceReader<T, S> {
    private final SourceReader<T, S> delegate;
    private long polls;

    Reader(SourceReader<T, S> delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start() {
      delegate.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
      if (!FAILED.get()) {
        if (CHECKPOINT_COMPLETED.get() && FAILED.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        RECORDS_POLLED_BEFORE_FAILURE.incrementAndGet();
        if (++polls % 10 == 0) {
          Thread.sleep(1);
        }
      }
      return delegate.pollNext(output);
    }

    @Override
    public List<S> snapshotState(long checkpointId) {
      return delegate.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return delegate.isAvailable();
    }

    @Override
    public void addSplits(List<S> splits) {
      delegate.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
      delegate.notifyNoMoreSplits();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      delegate.notifyCheckpointComplete(checkpointId);
      CHECKPOINT_COMPLETED.set(true);
    }

    @Override
    public void pauseOrResumeSplits(java.util.Collection<String> splitsToPause, java.util.Collection<String> splitsToResume) {
      delegate.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void close() throws Exception {
      delegate.close();
    }
  }

}

package io.ottplatform.stream.functions;

import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.schemas.qoe.QoeDimensionValue;
import io.ottplatform.schemas.qoe.WindowQoe;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sends each signal to the GLOBAL row and to its title, CDN, country, device-type and player rows,
 * combined per row and minute before the shuffle to {@link MinuteQoeAggregator}.
 *
 * <p>Why combine: every view sends a signal per minute it is active in, and each signal goes to six
 * rows, so uncombined the aggregate path carried more records than the job's input (about 1.5 per
 * event) and updated the minute state once per record. Combined, it carries about one partial per
 * row and minute and flush.
 *
 * <p>Nothing is kept across a checkpoint, so the operator has no state: everything is flushed before
 * every checkpoint barrier (exactly-once holds without snapshotting the buffer), at the end of the
 * input, when {@code maxBuffered} partials wait, and every {@code flushInterval} of processing time
 * (so the early, live aggregates stay fresh). Before a watermark is passed on, the partials of the
 * minutes that it makes final downstream (window end + {@code finalizeAfter} at or before it) are
 * flushed, so no minute is finalized while part of it waits here; the other minutes keep combining.
 */
public final class CombineMinuteSignals extends AbstractStreamOperator<MinutePartial>
    implements OneInputStreamOperator<QoeSignal, MinutePartial> {

  private static final long serialVersionUID = 1L;

  private final long windowMs = WindowQoe.WINDOW.toMillis();
  private final long flushIntervalMs;
  private final long finalizeAfterMs;
  private final int maxBuffered;

  private transient Map<RowMinute, MinutePartial> buffer;

  private record RowMinute(QoeDimensionValue row, long windowStart) {}

  public CombineMinuteSignals(Duration flushInterval, Duration finalizeAfter, int maxBuffered) {
    if (flushInterval.toMillis() < 1 || finalizeAfter.isNegative() || maxBuffered < 1) {
      throw new IllegalArgumentException(String.format(
          "need a flush interval of at least 1 ms, a finalize-after >= 0 and room for a partial: %s, %s, %d",
          flushInterval, finalizeAfter, maxBuffered));
    }
    this.flushIntervalMs = flushInterval.toMillis();
    this.finalizeAfterMs = finalizeAfter.toMillis();
    this.maxBuffered = maxBuffered;
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new HashMap<>();
    scheduleFlush();
  }

  private void scheduleFlush() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now + flushIntervalMs, time -> {
      flush();
      scheduleFlush();
    });
  }

  @Override
  public void processElement(StreamRecord<QoeSignal> element) {
    QoeSignal signal = element.getValue();
    long windowStart = WindowQoe.windowStart(signal.ts, windowMs);
    for (QoeDimensionValue row : signal.rows()) {
      buffer.computeIfAbsent(new RowMinute(row, windowStart), k -> new MinutePartial(rowKey(k.row()), windowStart))
          .add(signal);
    }
    if (buffer.size() >= maxBuffered) {
      flush();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flushFinalizedBy(mark.getTimestamp());
    super.processWatermark(mark);
  }

  /** Flushes the partials of the minutes that a watermark at {@code watermark} makes final downstream. */
  private void flushFinalizedBy(long watermark) {
    Iterator<Map.Entry<RowMinute, MinutePartial>> it = buffer.entrySet().iterator();
    while (it.hasNext()) {
      MinutePartial partial = it.next().getValue();
      if (partial.windowStart + windowMs + finalizeAfterMs <= watermark) {
        output.collect(new StreamRecord<>(partial.trimmed()));
        it.remove();
      }
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    for (MinutePartial partial : buffer.values()) {
      output.collect(new StreamRecord<>(partial.trimmed()));
    }
    buffer.clear();
  }

  public static String rowKey(QoeDimensionValue row) {
    return row.dimension().name() + "|" + row.value();
  }

  public static QoeDimensionValue parseRow(String rowKey) {
    int bar = rowKey.indexOf('|');
    return new QoeDimensionValue(QoeDimension.valueOf(rowKey.substring(0, bar)), rowKey.substring(bar + 1));
  }
}

package io.metricsstreamer.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metricsstreamer.delivery.CloseReason;
import io.metricsstreamer.delivery.Outbound;
import io.metricsstreamer.delivery.SlicedFrame;
import io.metricsstreamer.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link Outbound} that records, in order, every control message and delivery frame a session sends, each
 * parsed as a Jackson tree (a frame that is not valid JSON fails the test at once). Its writability is set by the
 * test; close reasons and flushes are recorded too. Thread-safe, so a test may read it while another thread (a hub
 * dispatcher) writes.
 */
public final class RecordingOutbound implements Outbound {
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final List<SlicedFrame> frames = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private volatile boolean writable = true;
    /** Flushes still to fail, as the transport's do when it has no memory left to frame the deliveries. */
    private final AtomicInteger failingFlushes = new AtomicInteger();
    /** How many messages had been sent, and deliveries written, at the last flush. */
    private int sentAtFlush;
    private int framesAtFlush;
    private final AtomicInteger writableChecks = new AtomicInteger();

    /** Whether a message was a control reply ({@code sendControl}) or a metric delivery ({@code write}). */
    public enum Kind {
        CONTROL,
        DELIVERY
    }

    /**
     * One message sent to the client.
     *
     * @param kind control reply or delivery
     * @param json the message, parsed
     */
    public record Sent(Kind kind, JsonNode json) {
    }

    @Override
    public void sendControl(String json) {
        sent.add(new Sent(Kind.CONTROL, parse(json)));
    }

    @Override
    public void write(SlicedFrame frame) {
        frames.add(frame);
        sent.add(new Sent(Kind.DELIVERY, parse(frame.toString())));
    }

    @Override
    public boolean flush() {
        flushes.incrementAndGet();
        boolean sentAll = failingFlushes.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
        if (!sentAll) {
            // What was written since the last flush never reaches the client: control replies went out at once.
            sent.subList(sentAtFlush, sent.size()).removeIf(m -> m.kind() == Kind.DELIVERY);
            frames.subList(framesAtFlush, frames.size()).clear();
        }
        sentAtFlush = sent.size();
        framesAtFlush = frames.size();
        return sentAll;
    }

    /** The next {@code n} flushes fail: the deliveries written before each are lost, and it answers false. */
    public void failFlushes(int n) {
        failingFlushes.set(n);
    }

    @Override
    public boolean isWritable() {
        writableChecks.incrementAndGet();
        return writable;
    }

    @Override
    public void close(CloseReason reason) {
        closes.add(reason);
    }

    /** Sets what {@link #isWritable()} answers from now on (the session must still be told through its API). */
    public void setWritable(boolean writable) {
        this.writable = writable;
    }

    /** How many times the session asked {@link #isWritable()}. */
    public int writableChecks() {
        return writableChecks.get();
    }

    /** Every message sent, control replies and deliveries, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The control replies, in order. */
    public List<JsonNode> controls() {
        return only(Kind.CONTROL);
    }

    /** The delivery frames ({@code metric_update} / {@code metric_batch}), in order. */
    public List<JsonNode> deliveries() {
        return only(Kind.DELIVERY);
    }

    /** The delivery frames as the session wrote them (the instances, to see which are shared), in order. */
    public List<SlicedFrame> frames() {
        return List.copyOf(frames);
    }

    /** The close reasons, in order (a correct session closes at most once). */
    public List<CloseReason> closeReasons() {
        return List.copyOf(closes);
    }

    /** How often {@link #flush()} was called. */
    public int flushCount() {
        return flushes.get();
    }

    /** Forgets every recorded message (not closes, flushes or writability), e.g. the welcome before a test step. */
    public void clear() {
        sent.clear();
        frames.clear();
    }

    private List<JsonNode> only(Kind kind) {
        List<JsonNode> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.kind() == kind) {
                out.add(s.json());
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the session sent a frame that is not valid JSON: " + json, e);
        }
    }
}

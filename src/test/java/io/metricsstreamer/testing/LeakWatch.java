package io.metricsstreamer.testing;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak detector at paranoid level (every buffer tracked) for the life of this watch, its reports captured
 * instead of printed. {@link #leaks()} forces collections until buffers leaked on purpose (canaries) are reported,
 * so every buffer that was unreachable before the call has been judged too: no waiting on the clock. Close it.
 */
public final class LeakWatch implements AutoCloseable {
    private static final String CANARY = "leak-watch canary ";

    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final ListAppender<ILoggingEvent> reports = new ListAppender<>();
    private final ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();
    private final boolean additive = logger.isAdditive();
    private int canaries;

    private LeakWatch() {
        reports.start();
        logger.addAppender(reports);
        logger.setAdditive(false);
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** Starts watching; buffers allocated from now on are tracked. */
    public static LeakWatch start() {
        return new LeakWatch();
    }

    /** The leak reports (other than the canaries) of every buffer unreachable before this call. */
    public List<String> leaks() {
        // Two rounds: the reference handler takes each collection's references as one batch, so once the second
        // canary is reported, everything found by the collection that found the first has been queued and polled.
        for (int round = 0; round < 2; round++) {
            String hint = CANARY + ++canaries + " " + System.nanoTime();
            leakOne(hint);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                System.gc();
                ByteBufAllocator.DEFAULT.directBuffer(1).release();
                return messages().stream().anyMatch(m -> m.contains(hint));
            });
        }
        List<String> leaks = new ArrayList<>();
        for (String m : messages()) {
            if (!m.contains(CANARY)) {
                leaks.add(m);
            }
        }
        return leaks;
    }

    private static void leakOne(String hint) {
        ByteBuf canary = ByteBufAllocator.DEFAULT.directBuffer(1);
        canary.touch(hint);
    }

    private List<String> messages() {
        synchronized (reports) {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent e : reports.list) {
                out.add(e.getFormattedMessage());
            }
            return out;
        }
    }

    @Override
    public void close() {
        ResourceLeakDetector.setLevel(previous);
        logger.setAdditive(additive);
        logger.detachAppender(reports);
        reports.stop();
    }
}

package io.metricsstreamer.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what the server's loggers ({@code io.metricsstreamer}) log, at every level, while it is open, and with
 * {@link #withNetty()} what Netty logs at its configured level (an exception that reached the end of a pipeline is
 * a Netty warning); close it to restore the level and detach. Thread-safe for the server's threads to log into.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.metricsstreamer");
    private final Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
    private final Level level = logger.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final boolean withNetty;

    private LogCapture(boolean withNetty) {
        this.withNetty = withNetty;
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        if (withNetty) {
            netty.addAppender(appender);
        }
    }

    /** Starts recording the server's loggers. */
    public static LogCapture start() {
        return new LogCapture(false);
    }

    /** Starts recording the server's loggers and Netty's. */
    public static LogCapture withNetty() {
        return new LogCapture(true);
    }

    /** What was logged so far, oldest first. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The events at {@code level} or above. */
    public List<ILoggingEvent> atLeast(Level min) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(min)).toList();
    }

    /** The events that carry a stack trace. */
    public List<ILoggingEvent> withStackTraces() {
        return events().stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        if (withNetty) {
            netty.detachAppender(appender);
        }
        logger.setLevel(level);
        appender.stop();
    }
}

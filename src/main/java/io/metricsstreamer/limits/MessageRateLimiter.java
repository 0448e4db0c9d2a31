package io.metricsstreamer.limits;

/**
 * The message rate limit of one client ({@code --max-client-messages-per-second N}): a token bucket of N tokens,
 * full at the start and refilled at N per second, each message taking one; a message that finds the bucket empty is
 * refused (the client may send N at once, then N a second on average). Kept as the one number of the generic cell
 * rate algorithm (the time at which the bucket would be full again), so a client costs one long and no timer.
 *
 * <p>Refusals are answered sparingly and end in a close, by one-second windows that start at the first refusal of a
 * streak: the first refusal of each window is {@link Verdict#REFUSE_AND_WARN} (the client gets one
 * {@code rate_limited} error), the others of that window {@link Verdict#REFUSE} (ignored without an answer), so a
 * flood gets at most one error frame a second. A window with no refusal ends the streak (the next refusal starts a new
 * one). A client refused in each of {@link #CLOSE_AFTER_WINDOWS} consecutive windows, which kept exceeding the limit
 * for that many seconds, is closed at its next refusal after them ({@link Verdict#CLOSE}): 5 s after its first
 * refused message, counted on its own messages, not on a timer.
 *
 * <p>Confined to the client's event loop; the caller passes the loop's clock.
 */
public final class MessageRateLimiter {
    /** The length of a window of refusals. */
    public static final long WINDOW_NANOS = 1_000_000_000L;
    /** Consecutive windows with refusals after which the next refusal closes the client. */
    public static final int CLOSE_AFTER_WINDOWS = 5;
    /** The highest limit: one message a nanosecond would be no limit at all. */
    public static final int MAX_PER_SECOND = 1_000_000;

    /** What to do with one message. */
    public enum Verdict {
        /** Within the limit: handle it. */
        ACCEPT,
        /** Over the limit, the first refusal of its window: ignore it and answer {@code rate_limited}. */
        REFUSE_AND_WARN,
        /** Over the limit, already answered in this window: ignore it without an answer. */
        REFUSE,
        /** Over the limit for {@link #CLOSE_AFTER_WINDOWS} windows running: ignore it and close the client. */
        CLOSE
    }

    private final int perSecond;
    /** Nanoseconds between two messages at the steady rate: one token's worth. */
    private final long emissionNanos;
    /** How far ahead of now the bucket's refill time may be and still have a token: N - 1 tokens. */
    private final long toleranceNanos;
    /** When the bucket will be full again (at or before now: it is full). */
    private long fullAt = Long.MIN_VALUE;
    private boolean streak;
    private long streakStart;
    /** The window of the streak (0, 1, ...) of its latest refusal. */
    private long streakWindow;

    /** A limiter of {@code perSecond} messages a second, 1 to {@link #MAX_PER_SECOND}. */
    public MessageRateLimiter(int perSecond) {
        if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException("messages per second must be 1.." + MAX_PER_SECOND + ", was "
                    + perSecond);
        }
        this.perSecond = perSecond;
        this.emissionNanos = WINDOW_NANOS / perSecond;
        this.toleranceNanos = emissionNanos * (perSecond - 1);
    }

    /** The limit, in messages a second. */
    public int perSecond() {
        return perSecond;
    }

    /** The verdict on a message received at {@code nowNanos} (the loop's monotonic clock, never going back). */
    public Verdict onMessage(long nowNanos) {
        long from = fullAt == Long.MIN_VALUE || fullAt - nowNanos < 0 ? nowNanos : fullAt;
        if (from - nowNanos <= toleranceNanos) {
            fullAt = from + emissionNanos;
            return Verdict.ACCEPT;
        }
        if (!streak || nowNanos - streakStart >= (streakWindow + 2) * WINDOW_NANOS) {
            streak = true;
            streakStart = nowNanos;
            streakWindow = 0;
            return Verdict.REFUSE_AND_WARN;
        }
        long window = (nowNanos - streakStart) / WINDOW_NANOS;
        if (window == streakWindow) {
            return Verdict.REFUSE;
        }
        streakWindow = window;
        return window >= CLOSE_AFTER_WINDOWS ? Verdict.CLOSE : Verdict.REFUSE_AND_WARN;
    }
}

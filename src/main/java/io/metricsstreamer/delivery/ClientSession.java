package io.metricsstreamer.delivery;

import io.metricsstreamer.aggregation.AggregationSpec;
import io.metricsstreamer.auth.InvalidTokenException;
import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.auth.TokenVerifier;
import io.metricsstreamer.json.Timestamps;
import io.metricsstreamer.limits.MessageRateLimiter;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.protocol.ClientMessage;
import io.metricsstreamer.protocol.ErrorCode;
import io.metricsstreamer.protocol.ProtocolException;
import io.metricsstreamer.protocol.ServerMessages;
import io.metricsstreamer.stats.AuthFailure;
import io.metricsstreamer.stats.ClientSnapshot;
import io.metricsstreamer.stats.ServerStats;
import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.subscription.Subscription;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client: what it asked for (subscription, filters, update interval), and the routing of each delivery
 * chunk to it: skipped while parked, replayed from a client in step, or offered metric by metric. What it is owed is
 * its {@link PendingDeliveries}; its statistics are {@link SessionCounters}; its state over the slow-client mark is a
 * {@link ParkedState}; what it shares with the other sessions of its loop comes with each chunk as the loop's
 * {@link LoopDeliveryState}. Confined to its event loop ({@link LoopScheduler}): every method but {@link #id} and
 * {@link #snapshot} must be called there. docs/DELIVERY.md follows a metric through it.
 */
public final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private final String id;
    private final Outbound outbound;
    private final LoopScheduler loop;
    private final DeliveryConfig config;
    private final MetricTypes types;
    private final ServerStats stats;
    private final SessionCounters counters = new SessionCounters();
    private final PendingDeliveries deliveries;
    /** The deliveries' queue, held here too: the offer path reads it for every metric. */
    private final PendingQueue pending;
    private final long connectedAt;

    /** What the client gets: what it asked for within its token's ceilings. */
    private volatile Subscription subscription;
    private volatile Filters filters = Filters.NONE;
    /** What the client asked for, before its token's ceilings ({@link #grant}). */
    private Subscription requested;
    private Filters requestedFilters = Filters.NONE;
    /** What its token allows, and until when; null: authentication is off. */
    private SessionGrant grant;
    /** Its token's subject, for statistics (any thread). */
    private volatile String user;
    private volatile long intervalNanos;
    private boolean closed;
    /** Whether the client takes every metric as it is: every type subscribed, no filters. */
    private boolean takesEverything = true;
    /** The loop's shared state, as the last chunk brought it. */
    private LoopDeliveryState loopState;
    /** The loop's shared state, from the session's registration on its loop ({@link #attach}). */
    private LoopDeliveryState home;
    /** The aggregation group the client is in, or null: aggregation off. */
    private AggregationGroup aggregation;
    private AggregationSpec aggregationSpec;
    /** The state over the slow-client mark, made the first time the client goes over it (most never do). */
    private ParkedState parked;
    /** The history replays read. */
    private final MetricHistory history;
    /** The replay being sent, or null. */
    private HistoryReplay replay;
    /** Whether the session waits in its loop's {@link ReplayPump}. */
    private boolean inReplayPump;
    /**
     * Live metrics up to this seq are not offered: a replay runs (all of them, the replay brings them from the
     * history), or the last replay covered them (0: none). Kept until a chunk passes beyond it, since chunks posted
     * before the replay reached the live edge may still arrive after it ended.
     */
    private long liveAfterSeq;
    /** The client's message rate limit, or null: none (sessions made apart from a server, in tests). */
    private MessageRateLimiter rateLimit;

    /** A session for a client that just completed its handshake, on a server that keeps no history. */
    public ClientSession(String id, Outbound outbound, LoopScheduler loop, DeliveryConfig config, MetricTypes types,
                         ServerStats stats) {
        this(id, outbound, loop, config, types, stats, MetricHistory.NONE);
    }

    /** A session for a client that just completed its handshake, replaying from {@code history}. */
    public ClientSession(String id, Outbound outbound, LoopScheduler loop, DeliveryConfig config, MetricTypes types,
                         ServerStats stats, MetricHistory history) {
        this.id = id;
        this.history = history;
        this.outbound = outbound;
        this.loop = loop;
        this.config = config;
        this.types = types;
        this.stats = stats;
        this.deliveries = new PendingDeliveries(outbound, loop, config, counters, this, stats::onDeliveryLatency);
        this.pending = deliveries.queue();
        this.requested = Subscription.initial(types);
        this.subscription = requested;
        this.connectedAt = loop.nanoTime();
    }

    /** Now, on the clock of the session's loop (the same for every session of that loop). */
    public long loopNanoTime() {
        return loop.nanoTime();
    }

    /** The client's id. Any thread. */
    public String id() {
        return id;
    }

    /**
     * The client presented a token for {@code principal} at its handshake: its claims are the ceilings of what it may
     * subscribe to and see from now on, {@code verifier} checks its refreshes, and it is closed with 1008
     * {@code token expired} when the token expires unrefreshed. Called before {@link #open}.
     */
    public void authorize(Principal principal, TokenVerifier verifier) {
        grant = new SessionGrant(principal, verifier, types, loop);
        user = principal.subject();
        applyCeilings(false);
        takesEverything = subscription.includesAll() && filters.isNone();
        grant.armExpiry(this::onTokenExpired);
    }

    /** Sends the welcome message, with the server's epoch and the seq it assigned last. */
    public void open(Instant now, String epoch, long lastSeq) {
        sendControl(grant == null ? ServerMessages.welcome(id, now, epoch, lastSeq)
                : ServerMessages.welcome(id, now, epoch, lastSeq, user, grant.principal().expiresAt()));
    }

    /**
     * Limits the client's messages ({@link #admitMessage(long)}) to {@code perSecond}. Called once, before the client's
     * first message.
     */
    public void limitMessages(int perSecond) {
        rateLimit = new MessageRateLimiter(perSecond);
    }

    /**
     * Whether a message of the client (any text message, valid or not, or a ping frame) received at
     * {@code receivedAtNanos} on the loop's clock is to be handled, by its rate limit ({@link MessageRateLimiter}): a
     * message over it is ignored and counted, the first one of its window answered {@code rate_limited}; a client
     * over it for 5 s is closed 1008 {@code rate limited}. False once the session is closed. The transport passes
     * the time the socket read that brought the message began, so messages that arrived together count as sent
     * together, however long the ones before them took to handle.
     */
    public boolean admitMessage(long receivedAtNanos) {
        if (closed) {
            return false;
        }
        MessageRateLimiter.Verdict verdict = rateLimit == null ? MessageRateLimiter.Verdict.ACCEPT
                : rateLimit.onMessage(receivedAtNanos);
        if (verdict == MessageRateLimiter.Verdict.ACCEPT) {
            return true;
        }
        stats.onRateLimited();
        if (verdict == MessageRateLimiter.Verdict.REFUSE_AND_WARN) {
            sendControl(ServerMessages.error(ErrorCode.RATE_LIMITED, "more than " + rateLimit.perSecond()
                    + " messages a second (--max-client-messages-per-second): this message is ignored, as are the "
                    + "others over the limit this second (unanswered); " + MessageRateLimiter.CLOSE_AFTER_WINDOWS
                    + " s over the limit closes the connection"));
        } else if (verdict == MessageRateLimiter.Verdict.CLOSE) {
            LOG.info("closing {}: over {} messages per second for {} s", id, rateLimit.perSecond(),
                    MessageRateLimiter.CLOSE_AFTER_WINDOWS);
            stats.onRateLimitClosed();
            outbound.close(CloseReason.RATE_LIMITED);
            onClosed();
        }
        return false;
    }

    /** Applies a validated client message and answers it; a delivery it releases is flushed at once. */
    public void onMessage(ClientMessage message) {
        if (closed) {
            return;
        }
        if (replay != null && (message instanceof ClientMessage.ReplaySinceSeq
                || message instanceof ClientMessage.ReplaySinceSeconds)) {
            onRefused(new ProtocolException(ErrorCode.INVALID_MESSAGE, "a replay is running (" + replay.count()
                    + " metrics sent so far); send another after its replay_complete"));
            flushWrites();
            return;
        }
        catchUpIfSkipping();
        if (message instanceof ClientMessage.Subscribe s) {
            if (refusedBeyondCeiling(s.types())) {
                return;
            }
            requested = requested.subscribe(s.all(), s.types());
            subscription = grant == null ? requested : grant.limit(requested);
            dropUnsubscribedPending();
            sendControl(ServerMessages.subscriptionConfirmed(subscription.wireNames(types)));
        } else if (message instanceof ClientMessage.Unsubscribe u) {
            requested = requested.unsubscribe(u.all(), u.types());
            subscription = grant == null ? requested : grant.limit(requested);
            dropUnsubscribedPending();
            sendControl(ServerMessages.subscriptionConfirmed(subscription.wireNames(types)));
        } else if (message instanceof ClientMessage.SetFilters f) {
            requestedFilters = Filters.of(f.agentIds(), f.fields(), f.fieldsByType());
            filters = grant == null ? requestedFilters : grant.limit(requestedFilters);
            regroup();
            sendControl(ServerMessages.filtersUpdated(filters.toWire()));
        } else if (message instanceof ClientMessage.SetAggregation a) {
            aggregationSpec = a.spec();
            regroup();
            sendControl(ServerMessages.aggregationSet(aggregationSpec));
        } else if (message instanceof ClientMessage.SetUpdateInterval i) {
            intervalNanos = Math.round(i.intervalSeconds() * 1e9);
            deliveries.latestMode(i.latest());
            sendControl(ServerMessages.updateIntervalSet(i.intervalSeconds(), i.latest()));
            planFlush(loop.nanoTime());
        } else if (message instanceof ClientMessage.ReplaySinceSeq r) {
            startReplay(HistoryReplay.sinceSeq(history, subscription, filters, r.sinceSeq(), r.epoch()));
        } else if (message instanceof ClientMessage.ReplaySinceSeconds r) {
            startReplay(HistoryReplay.sinceNanos(history, subscription, filters, Math.round(r.seconds() * 1e9)));
        } else if (message instanceof ClientMessage.Ping p) {
            sendControl(ServerMessages.pong(p.id()));
        } else if (message instanceof ClientMessage.Refresh r) {
            refresh(r.token());
        }
        takesEverything = subscription.includesAll() && filters.isNone() && !deliveries.latestMode()
                && aggregation == null;
        flushWrites();
    }

    /**
     * Refuses, with {@code forbidden}, a subscribe that names a type beyond the client's token's ceiling; false when
     * the token allows every type named (or there is no token).
     */
    private boolean refusedBeyondCeiling(List<MetricType> asked) {
        List<MetricType> beyond = grant == null ? List.of() : grant.beyond(asked);
        if (beyond.isEmpty()) {
            return false;
        }
        stats.onAuthFailure(AuthFailure.FORBIDDEN);
        onRefused(new ProtocolException(ErrorCode.FORBIDDEN, grant.forbiddenMessage(beyond)));
        flushWrites();
        return true;
    }

    /**
     * A {@code refresh}: a valid token for the same subject replaces the connection's one (its claims become the
     * ceilings, its {@code exp} the deadline) and is answered {@code refreshed}, then, when the new ceilings change
     * what the client gets, {@code subscription_confirmed} and {@code filters_updated}; a refused one is answered
     * {@code invalid_token} and the connection keeps its token until that expires.
     */
    private void refresh(String token) {
        if (grant == null) {
            onRefused(new ProtocolException(ErrorCode.INVALID_MESSAGE, "this server does not check tokens "
                    + "(authentication is off): there is nothing to refresh"));
            return;
        }
        Principal next;
        try {
            next = grant.verifyRefresh(token);
        } catch (InvalidTokenException e) {
            stats.onAuthFailure(AuthFailure.INVALID_TOKEN);
            onRefused(new ProtocolException(ErrorCode.INVALID_TOKEN, e.getMessage() + "; the connection keeps its "
                    + "token, which expires at " + Timestamps.format(grant.principal().expiresAt())));
            return;
        }
        grant.replace(next);
        sendControl(ServerMessages.refreshed(next.expiresAt()));
        applyCeilings(true);
        grant.armExpiry(this::onTokenExpired);
    }

    /**
     * Applies the token's ceilings to what the client asked for. Types no longer allowed leave the subscription (their
     * pending metrics go, as on unsubscribe); when agents the client could see are no longer allowed, what is pending
     * (filtered for them) is dropped and counted. A replay running goes on within the new ceilings. When
     * {@code announce}, each change is told to the client as its own message would have been.
     */
    private void applyCeilings(boolean announce) {
        Subscription s = grant.limit(requested);
        if (!s.equals(subscription)) {
            subscription = s;
            dropUnsubscribedPending();
            if (announce) {
                sendControl(ServerMessages.subscriptionConfirmed(subscription.wireNames(types)));
            }
        }
        Filters f = grant.limit(requestedFilters);
        if (!f.equals(filters)) {
            Filters before = filters;
            filters = f;
            if (f.agentIds() != null && (before.agentIds() == null || !f.agentIds().containsAll(before.agentIds()))) {
                deliveries.dropAllPending();
            }
            regroup();
            if (announce) {
                sendControl(ServerMessages.filtersUpdated(filters.toWire()));
            }
        }
        if (replay != null) {
            replay.limitTo(subscription, filters);
        }
    }

    /** The token's deadline passed with no refresh: the connection ends with 1008 {@code token expired}. */
    private void onTokenExpired() {
        if (closed) {
            return;
        }
        LOG.info("closing {} (user {}): its token expired at {}", id, user, grant.principal().expiresAt());
        stats.onAuthFailure(AuthFailure.TOKEN_EXPIRED);
        outbound.close(CloseReason.TOKEN_EXPIRED);
        onClosed();
    }

    /** The history this session replays from (the one it was opened with). */
    public MetricHistory history() {
        return history;
    }

    /** Sends what is pending, then closes the connection with {@code reason}. Loop thread; idempotent. */
    public void close(CloseReason reason) {
        if (closed) {
            return;
        }
        flushNow();
        outbound.close(reason);
        onClosed();
    }

    /** Answers a refused client message with an {@code error}; nothing else changes. */
    public void onRefused(ProtocolException e) {
        if (!closed) {
            stats.onProtocolError();
            sendControl(ServerMessages.error(e.code(), e.getMessage()));
        }
    }

    /**
     * Offers every metric of a delivery chunk, in order (the caller calls {@link #flushWrites()} after). A parked
     * client that takes everything skips the chunk. A client in step with one that already took this chunk from the
     * same state replays that client's outcome instead, with no work per metric ({@link ChunkOutcomes}); the first
     * client of each state records its outcome for the others. {@code loopState} belongs to the loop, and the same
     * {@code metrics} instance is offered to each of its sessions.
     */
    public void offerAll(List<PublishedMetric> metrics, LoopDeliveryState loopState, long nowNanos) {
        long chunk = loopState.enter(metrics, nowNanos);
        this.loopState = loopState;
        if (isParked() && takesEverything && !closed && replay == null && liveAfterSeq == 0) {
            deliveries.countDropped(parked.skip(chunk, metrics.size(), pending, loopState.log()));
            counters.pending(parked.skippingPendingCount());
            return;
        }
        catchUpIfSkipping();
        ChunkOutcomes.Outcome record = null;
        if (inStep(nowNanos)) {
            ChunkOutcomes outcomes = loopState.outcomes();
            ChunkOutcomes.Outcome shared = outcomes.find(subscription, filters, pending);
            if (shared != null) {
                deliveries.replay(shared, nowNanos);
                if (!pending.isEmpty() && !deliveries.timerSet()) {
                    planFlush(nowNanos);
                }
                return;
            }
            record = outcomes.begin(subscription, filters, pending);
        }
        deliveries.record(record);
        try {
            for (int i = 0, n = metrics.size(); i < n; i++) {
                offer(metrics.get(i), loopState, nowNanos);
            }
        } finally {
            deliveries.record(null);
        }
        if (liveAfterSeq != 0 && !metrics.isEmpty() && metrics.get(metrics.size() - 1).seq() > liveAfterSeq) {
            liveAfterSeq = 0;
        }
        if (record != null) {
            record.finish(pending, inStep(nowNanos));
        }
    }

    /** {@link #offer(PublishedMetric, LoopDeliveryState, long)} now (tests). */
    public void offer(PublishedMetric metric, LoopDeliveryState loopState) {
        offer(metric, loopState, loop.nanoTime());
    }

    /**
     * Offers one published metric at {@code nowNanos}, the loop's clock read once per chunk: if the client's
     * subscription and filters let it through, its view joins the pending list, and a due flush is written (not
     * flushed: the caller calls {@link #flushWrites()} after its chunk).
     */
    public void offer(PublishedMetric metric, LoopDeliveryState loopState, long nowNanos) {
        catchUpIfSkipping();
        if (closed || !subscription.includes(metric.type()) || metric.seq() <= liveAfterSeq && aggregation == null) {
            return;
        }
        this.loopState = loopState;
        EncodedMetric view = loopState.views().view(metric, filters);
        if (view == null) {
            return;
        }
        if (aggregation != null) {
            aggregation.add(metric, view);
            return;
        }
        deliveries.add(view, nowNanos);
        if (!isParked() && replay == null && (pending.size() >= config.batchSize() || !deliveries.timerSet())) {
            planFlush(nowNanos);
        }
    }

    /**
     * Takes the metrics skipped while parked into the pending list as if each had been offered: the newest that fit
     * within what a parked client keeps, the others dropped and counted. Runs before anything that reads or changes
     * the pending list, the subscription or the filters.
     */
    private void catchUpIfSkipping() {
        if (parked != null && parked.isSkipping()) {
            deliveries.countDropped(parked.catchUp(pending, loopState.log()));
            counters.pending(pending.size());
        }
    }

    /**
     * Whether what a chunk does to this client depends only on its subscription, filters and pending list
     * ({@link ChunkOutcomes}): open, not parked, no update interval (which would bring in the time of its last
     * delivery), not in latest mode (a chunk replaces entries rather than adding them), no replay running or just
     * ended (live metrics up to its horizon are not offered), and its deliveries in step
     * ({@link PendingDeliveries#inStep}).
     */
    private boolean inStep(long now) {
        return !closed && !isParked() && intervalNanos == 0 && !deliveries.latestMode() && aggregation == null
                && replay == null && liveAfterSeq == 0 && deliveries.inStep(now);
    }

    private boolean isParked() {
        return parked != null && parked.isParked();
    }

    private ParkedState parkedState() {
        if (parked == null) {
            parked = new ParkedState(loop, config, this);
        }
        return parked;
    }

    /** Flushes the socket if deliveries were written since the last call, and reports the session's counts. */
    public void flushWrites() {
        deliveries.flushWrites();
        counters.report(stats);
    }

    /**
     * Begins a replay: what was pending is covered by it and goes (not dropped: the replay sends it, or says it could
     * not), live metrics come through the replay until it reaches the live edge, and the loop's {@link ReplayPump}
     * sends it.
     */
    private void startReplay(HistoryReplay started) {
        replay = started;
        liveAfterSeq = Long.MAX_VALUE;
        deliveries.holdForReplay();
        pump().want(this);
    }

    /**
     * Sends the next frame of the replay ({@link ReplayPump}), or ends it ({@code replay_complete}, then live
     * deliveries by the usual rules).
     *
     * @return the bytes written, 0 when a frame is not ready yet (filters let nothing through so far), or -1 when the
     *     session has nothing to send now: the replay ended, the session closed, or its socket is over the
     *     slow-client mark (it comes back when it drains)
     */
    long sendReplayFrame() {
        if (replay == null || closed || !outbound.isWritable()) {
            return -1;
        }
        SlicedFrame frame = replay.nextFrame();
        if (frame == null) {
            if (!replay.done()) {
                return 0;
            }
            finishReplay();
            flushWrites();
            return -1;
        }
        int metrics = replay.lastFrameMetrics();
        deliveries.writeReplay(frame, metrics);
        if (!deliveries.flushWrites()) {
            replay.lost(metrics);
        }
        counters.report(stats);
        return frame.totalBytes();
    }

    /** Whether the session waits in its loop's {@link ReplayPump} (the pump's mark). */
    boolean inReplayPump() {
        return inReplayPump;
    }

    void inReplayPump(boolean waiting) {
        inReplayPump = waiting;
    }

    private void finishReplay() {
        HistoryReplay done = replay;
        replay = null;
        liveAfterSeq = done.coveredSeq();
        deliveries.endReplayHold();
        stats.onReplayCompleted(done.count(), done.recovered());
        sendControl(ServerMessages.replayComplete(history.epoch(), done.fromSeq(), done.toSeq(), done.count(),
                history.earliestSeq(), done.recovered()));
        planFlush(loop.nanoTime());
    }

    /** The loop's shared state this session registered with, or one of its own (a session used alone). */
    private LoopDeliveryState home() {
        if (home == null) {
            home = loopState != null ? loopState : new LoopDeliveryState();
        }
        return home;
    }

    private ReplayPump pump() {
        return home().replays(loop);
    }

    /** The session was registered on its loop, whose shared state is {@code state}. */
    public void attach(LoopDeliveryState state) {
        home = state;
    }

    /**
     * Leaves the aggregation group the client was in, if any, and joins the one of its filters and aggregation
     * spec, if it asked for one: a group computes one window for the clients that asked for the same thing.
     */
    private void regroup() {
        if (aggregation != null) {
            aggregation.leave(this);
            aggregation = null;
        }
        if (aggregationSpec != null) {
            aggregation = home().aggregations().join(this, filters, aggregationSpec, loop);
        }
    }

    /**
     * A window of the client's aggregation ended: its results, of the types the client subscribes to, join the
     * pending list and are delivered by the usual rules ({@link AggregationGroup}).
     */
    void takeAggregates(List<EncodedMetric> results) {
        if (closed) {
            return;
        }
        catchUpIfSkipping();
        long now = loop.nanoTime();
        List<MetricType> all = types.all();
        for (EncodedMetric r : results) {
            if (subscription.includes(all.get(r.typeIndex()))) {
                deliveries.add(r, now);
            }
        }
        planFlush(now);
        flushWrites();
    }

    /** Delivers whatever is pending now, ignoring batch and interval (shutdown), and flushes. */
    public void flushNow() {
        catchUpIfSkipping();
        if (!closed && replay == null && !pending.isEmpty()) {
            deliveries.deliver(loop.nanoTime(), batches());
        }
        flushWrites();
    }

    /**
     * The socket went over the slow-client mark just now: parks the client at once, so that offers stop planning
     * flushes before {@link #onWritabilityChanged} runs (the transport defers that call, and a delivery task already
     * queued on the loop would otherwise plan a flush per metric). Only sets a flag: safe from inside
     * {@link Outbound#write} or {@link Outbound#flush}.
     */
    public void onUnwritable() {
        parkedState().park();
    }

    /**
     * The socket crossed the slow-client mark: false holds deliveries back (and starts the slow-consumer deadline),
     * true resumes them. Must not be called from inside {@link Outbound#write} or {@link Outbound#flush} (the
     * transport defers it).
     */
    public void onWritabilityChanged(boolean writable) {
        if (closed) {
            return;
        }
        if (!writable || parked != null) {
            parkedState().writabilityChanged(writable);
        }
        if (writable) {
            catchUpIfSkipping();
            if (replay != null) {
                pump().want(this);
            } else {
                planFlush(loop.nanoTime());
            }
            flushWrites();
        }
    }

    /** The connection is gone: stop timers, drop what was pending. Idempotent. */
    public void onClosed() {
        if (closed) {
            return;
        }
        catchUpIfSkipping();
        closed = true;
        replay = null;
        if (aggregation != null) {
            aggregation.leave(this);
            aggregation = null;
        }
        deliveries.discard();
        if (parked != null) {
            parked.cancelDeadline();
        }
        if (grant != null) {
            grant.cancelExpiry();
        }
        counters.report(stats);
    }

    /** Whether {@link #onClosed()} ran. */
    public boolean isClosed() {
        return closed;
    }

    /** An immutable view of this client for statistics. Any thread. */
    public ClientSnapshot snapshot(long nowNanos) {
        Filters f = filters;
        return new ClientSnapshot(id, user, subscription.wireNames(types), f.toWire(), intervalNanos / 1e9,
                counters.messagesSent(), counters.metricsDelivered(), counters.metricsDropped(),
                counters.pendingCount(), (nowNanos - connectedAt) / 1e9);
    }

    private void planFlush(long now) {
        if (closed || replay != null || !isWritable()) {
            return;
        }
        deliveries.plan(now, intervalNanos, batches());
    }

    /** The loop's recent batch frames, once a chunk brought them (a session may deliver before its first chunk). */
    private RecentBatchFrames batches() {
        return loopState == null ? null : loopState.batches();
    }

    /**
     * Whether the socket can take more. Writes of one loop task are flushed only at its end, so a burst can cross
     * the mark without the client being slow: flush first, and only a socket that still cannot take it is slow.
     */
    private boolean isWritable() {
        if (outbound.isWritable()) {
            return true;
        }
        flushWrites();
        return outbound.isWritable();
    }

    /** The flush timer fired ({@link PendingDeliveries}). */
    void onFlushTimer() {
        planFlush(loop.nanoTime());
        flushWrites();
    }

    private void sendControl(String json) {
        outbound.sendControl(json);
        counters.controlSent(stats);
    }

    private void dropUnsubscribedPending() {
        deliveries.removeUnsubscribed(subscription, types);
    }

    /** The slow-consumer deadline passed ({@link ParkedState}). */
    void onSlowDeadline() {
        if (!closed && !outbound.isWritable()) {
            LOG.warn("closing {}: its socket stayed over the slow-client mark for {} s ({} metrics dropped so far)",
                    id, config.slowClientNanos() / 1e9, counters.metricsDropped());
            stats.onSlowClientClosed();
            outbound.close(CloseReason.SLOW_CONSUMER);
            onClosed();
        }
    }
}

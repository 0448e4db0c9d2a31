package io.metricsstreamer.delivery;

import java.util.ArrayDeque;

/**
 * The replays of one loop's sessions, sent in turns: each turn of the loop sends at most {@link #BYTES_PER_TURN} of
 * replay frames in all, a frame per session in round robin, so that any number of clients replaying at once take a
 * bounded share of the loop from its live deliveries and its publishers. A session waits here while its replay has a
 * frame to send and its socket can take it ({@link ClientSession#sendReplayFrame}); one whose socket goes over the
 * slow-client mark leaves, and comes back when it drains. One per loop, held by its {@link LoopDeliveryState};
 * confined to that loop.
 */
final class ReplayPump {
    /** Most replay bytes the loop's sessions write in one turn of the loop, together. */
    static final long BYTES_PER_TURN = 256 * 1024;
    /**
     * What a visit that sent nothing counts against a turn's budget: a replay whose filters let nothing through
     * still read positions of the history.
     */
    static final long EMPTY_VISIT_BYTES = 16 * 1024;

    private final LoopScheduler loop;
    private final ArrayDeque<ClientSession> waiting = new ArrayDeque<>();
    private boolean scheduled;
    private boolean running;

    ReplayPump(LoopScheduler loop) {
        this.loop = loop;
    }

    /**
     * {@code session} has replay frames to send: it joins the round robin, and when no turn is planned, a turn runs
     * now (a single replay starts at once).
     */
    void want(ClientSession session) {
        if (session.inReplayPump()) {
            return;
        }
        session.inReplayPump(true);
        waiting.add(session);
        if (!scheduled && !running) {
            turn();
        }
    }

    private void turn() {
        scheduled = false;
        running = true;
        try {
            long budget = BYTES_PER_TURN;
            while (budget > 0 && !waiting.isEmpty()) {
                ClientSession s = waiting.poll();
                long sent = s.sendReplayFrame();
                if (sent < 0) {
                    s.inReplayPump(false);
                } else {
                    waiting.add(s);
                    budget -= Math.max(sent, EMPTY_VISIT_BYTES);
                }
            }
        } finally {
            running = false;
        }
        if (!waiting.isEmpty()) {
            scheduled = true;
            loop.schedule(this::turn, 0);
        }
    }
}

package io.metricsstreamer.demo;

import io.metricsstreamer.MetricsPublisher;
import io.metricsstreamer.model.AgentMetrics;
import io.metricsstreamer.model.SystemMetrics;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic stress test publishing all five metric types: system metrics every tick (250 ms, divided by the rate
 * multiplier), agent, business and hero metrics every fourth tick, presentation data every eighth. Simulated time
 * is real elapsed time, so a faster cadence means finer samples of the same test. Runs on its own scheduler
 * thread; {@link #tick} may also be driven by hand (tests), from one thread.
 */
public final class SyntheticStressTest implements AutoCloseable {
    /** The base tick: system metrics every 250 ms. */
    public static final long TICK_MILLIS = 250;
    /** Agent, business and hero metrics every fourth tick (every second at rate multiplier 1). */
    static final int TICKS_PER_AGENT_UPDATE = 4;
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticStressTest.class);

    private final MetricsPublisher publisher;
    private final Options options;
    private final TrafficModel traffic;
    private final AgentFleet fleet;
    private final BusinessLedger ledger = new BusinessLedger();
    private final FailureSchedule failures;
    private final AtomicLong published = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private long ticks;
    private double lastT;
    private double lastAgentT;
    private List<AgentMetrics> lastAgents = List.of();

    /**
     * The demo's settings.
     *
     * @param profile        the load profile
     * @param agents         number of agents, 1 to 8
     * @param rateMultiplier publish cadence multiplier, 0.1 to 100 (2: every metric twice as often)
     * @param seed           random seed (a fixed seed replays the same test)
     */
    public record Options(LoadProfile profile, int agents, double rateMultiplier, long seed) {
        /** Validates. */
        public Options {
            if (rateMultiplier < 0.1 || rateMultiplier > 100) {
                throw new IllegalArgumentException("--rate-multiplier must be 0.1..100, was " + rateMultiplier);
            }
            if (agents < 1 || agents > 8) {
                throw new IllegalArgumentException("--agents must be 1..8, was " + agents);
            }
        }
    }

    /** A test feeding {@code publisher}; nothing runs until {@link #start()}. */
    public SyntheticStressTest(MetricsPublisher publisher, Options options) {
        this.publisher = publisher;
        this.options = options;
        SplittableRandom random = new SplittableRandom(options.seed());
        this.traffic = new TrafficModel(random.split());
        this.fleet = new AgentFleet(options.agents(), random.split());
        this.failures = new FailureSchedule(random.split());
    }

    /** Starts publishing on a scheduler thread, one tick per {@code 250 ms / rateMultiplier}. */
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "synthetic-stress-test");
            t.setDaemon(true);
            return t;
        });
        long periodMicros = Math.round(TICK_MILLIS * 1000 / options.rateMultiplier());
        long startNanos = System.nanoTime();
        scheduler.scheduleAtFixedRate(() -> {
            try {
                tick(Instant.now(), (System.nanoTime() - startNanos) / 1e9);
            } catch (RuntimeException e) {
                LOG.error("demo tick failed", e);
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    /** Advances the simulation to {@code t} seconds and publishes what is due. One thread at a time. */
    public void tick(Instant now, double t) {
        double dt = Math.max(0, t - lastT);
        lastT = t;
        double severity = failures.severity(t);
        double load = options.profile().load(t);
        SystemMetrics system = traffic.step(now, dt, load, severity);
        ledger.step(dt, traffic.lastTps(), traffic.lastErrorRate(), severity);
        count(publisher.broadcastSystemMetrics(system));
        if (ticks % TICKS_PER_AGENT_UPDATE == 0) {
            lastAgents = fleet.step(now, t - lastAgentT, traffic.lastTps(), severity);
            lastAgentT = t;
            count(publisher.broadcastAgentMetrics(lastAgents));
            count(publisher.broadcastBusinessMetrics(ledger.business(now)));
            count(publisher.broadcastHeroMetrics(ledger.hero()));
        }
        if (ticks % (2 * TICKS_PER_AGENT_UPDATE) == 0) {
            count(publisher.broadcastPresentationData(PresentationBuilder.build(options.profile().phase(t),
                    failures.incident(t), traffic.lastTps(), traffic.lastP99(), ledger.hero(), lastAgents)));
        }
        ticks++;
    }

    private void count(boolean accepted) {
        if (accepted) {
            published.incrementAndGet();
        }
    }

    /** Metrics accepted so far. Any thread. */
    public long published() {
        return published.get();
    }

    /** Stops publishing. Idempotent. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.metricsstreamer.loadgen;

import java.time.Duration;

/**
 * One stress test, as the original design names it: a name, the target, the load profile and the success criteria,
 * plus the two bounds every open-model run needs: how long a request may take before it counts as timed out, and
 * how many requests may be in flight at once (a request due beyond that is failed, not delayed), and how long the
 * generator warms up at the profile's starting rate before the schedule starts (those requests reach the target but
 * no figure: the generator's own code is compiled by the JIT meanwhile, which would otherwise delay the first
 * seconds' requests on a small machine).
 */
public record TestScenario(String name, Target target, LoadProfile loadProfile, SuccessCriteria successCriteria,
        Duration timeout, int maxConnections, Duration warmUp) {
    /** The default of {@link #timeout()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default of {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /** The default of {@link #warmUp()}: none, for an embedding JVM that is already warm. */
    public static final Duration DEFAULT_WARM_UP = Duration.ZERO;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value that cannot be used
     */
    public TestScenario {
        if (name == null || target == null || loadProfile == null) {
            throw new IllegalArgumentException("a test scenario needs a name, a target and a load profile");
        }
        successCriteria = successCriteria == null ? SuccessCriteria.NONE : successCriteria;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the timeout must be more than 0 and at most an hour, not " + timeout);
        }
        warmUp = warmUp == null ? DEFAULT_WARM_UP : warmUp;
        if (warmUp.isNegative() || warmUp.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the warm-up must be 0 to 10 minutes, not " + warmUp);
        }
        if (maxConnections < 1 || maxConnections > 100_000) {
            throw new IllegalArgumentException("max connections must be from 1 to 100000, not " + maxConnections);
        }
    }

    /** A builder with the defaults set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TestScenario} by name; the name defaults to the target's endpoint. */
    public static final class Builder {
        private String name;
        private Target target;
        private LoadProfile loadProfile;
        private SuccessCriteria successCriteria = SuccessCriteria.NONE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration warmUp = DEFAULT_WARM_UP;

        private Builder() {
        }

        /** The scenario's name, in the summary. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** The request to send. */
        public Builder target(Target value) {
            this.target = value;
            return this;
        }

        /** A GET of {@code url}. */
        public Builder target(String url) {
            return target(Target.get(url));
        }

        /** The arrival rate over time. */
        public Builder loadProfile(LoadProfile value) {
            this.loadProfile = value;
            return this;
        }

        /** What the run must achieve (default: nothing). */
        public Builder successCriteria(SuccessCriteria value) {
            this.successCriteria = value;
            return this;
        }

        /** How long a request may take (default 30 s). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** The most requests in flight at once (default 1000). */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** How long to send unrecorded requests at the profile's starting rate first (default none). */
        public Builder warmUp(Duration value) {
            this.warmUp = value;
            return this;
        }

        /**
         * The scenario.
         *
         * @throws IllegalArgumentException naming a value that cannot be used
         */
        public TestScenario build() {
            String named = name != null ? name : target != null ? target.endpoint() : null;
            return new TestScenario(named, target, loadProfile, successCriteria, timeout, maxConnections, warmUp);
        }
    }
}

package io.metricsstreamer.delivery;

import io.metricsstreamer.auth.InvalidTokenException;
import io.metricsstreamer.auth.Principal;
import io.metricsstreamer.auth.TokenVerifier;
import io.metricsstreamer.model.MetricType;
import io.metricsstreamer.model.MetricTypes;
import io.metricsstreamer.subscription.Filters;
import io.metricsstreamer.subscription.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What one client's token allows, and until when: its ceilings on metric types and agents (applied to what the client
 * asks for, so that its subscription and filters, and with them live delivery, aggregation and history replays, never
 * reach beyond them), its refresh, and the timer that ends the connection when the token expires unrefreshed. Confined
 * to the session's loop.
 */
final class SessionGrant {
    private final TokenVerifier verifier;
    private final MetricTypes types;
    private final LoopScheduler loop;
    private Principal principal;
    /** The metric types the token allows, or null: every type. */
    private Subscription typeCeiling;
    private LoopScheduler.Cancellable expiryTimer;

    /** The grant of {@code principal}, whose refreshes {@code verifier} checks. */
    SessionGrant(Principal principal, TokenVerifier verifier, MetricTypes types, LoopScheduler loop) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.types = types;
        this.loop = loop;
        replace(principal);
    }

    /** The token's principal now. */
    Principal principal() {
        return principal;
    }

    /** The subscription a client that asked for {@code requested} gets. */
    Subscription limit(Subscription requested) {
        return typeCeiling == null ? requested : requested.within(typeCeiling);
    }

    /** The filters a client that asked for {@code requested} gets. */
    Filters limit(Filters requested) {
        return requested.withAgentCeiling(principal.agentIds());
    }

    /** Of {@code asked}, the types the token does not allow, in order; empty when it allows them all. */
    List<MetricType> beyond(Collection<MetricType> asked) {
        List<MetricType> out = new ArrayList<>();
        if (typeCeiling != null) {
            for (MetricType t : asked) {
                if (!typeCeiling.includes(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** What a {@code forbidden} error says of {@code refused}: the types refused and those the token allows. */
    String forbiddenMessage(List<MetricType> refused) {
        List<String> names = refused.stream().map(MetricType::name).toList();
        return "your token does not allow metric type(s) " + names + "; it allows "
                + String.join(", ", typeCeiling.wireNames(types));
    }

    /**
     * The principal of a token offered to replace this one, verified now. It must speak for the same subject: a
     * connection does not change hands.
     *
     * @throws InvalidTokenException saying why it is refused
     */
    Principal verifyRefresh(String token) throws InvalidTokenException {
        Principal next = verifier.verify(token);
        if (!Objects.equals(next.subject(), principal.subject())) {
            throw new InvalidTokenException("the new token is for sub " + quoted(next.subject())
                    + ", not this connection's " + quoted(principal.subject()));
        }
        return next;
    }

    private static String quoted(String subject) {
        return subject == null ? "(none)" : "'" + subject + "'";
    }

    /** Makes {@code next}'s claims the ceilings from now on (the caller re-applies them and re-arms the timer). */
    void replace(Principal next) {
        principal = next;
        List<String> names = next.metricTypes();
        if (names == null) {
            typeCeiling = null;
        } else {
            // A name this server does not know grants nothing: a token may be minted for several servers.
            List<MetricType> allowed = new ArrayList<>();
            names.forEach(n -> types.find(n).ifPresent(allowed::add));
            typeCeiling = Subscription.only(types, allowed);
        }
    }

    /** When the connection must end: the token's {@code exp} plus the clock skew allowed. */
    Instant deadline() {
        return principal.expiresAt().plusSeconds(verifier.clockSkewSeconds());
    }

    /**
     * Runs {@code onExpired} on the loop once the wall clock reaches {@link #deadline()}, replacing any timer set
     * before (a refresh moves the deadline, later or earlier).
     */
    void armExpiry(Runnable onExpired) {
        cancelExpiry();
        expiryTimer = loop.schedule(() -> {
            expiryTimer = null;
            if (nanosLeft() > 0) {
                armExpiry(onExpired); // the loop's timer fired early by the wall clock
            } else {
                onExpired.run();
            }
        }, Math.max(0, nanosLeft()));
    }

    private long nanosLeft() {
        Instant d = deadline();
        long deadlineNanos = d.getEpochSecond() * 1_000_000_000L + d.getNano();
        return deadlineNanos - loop.epochNanos();
    }

    /** Stops the expiry timer (the connection closed). */
    void cancelExpiry() {
        if (expiryTimer != null) {
            expiryTimer.cancel();
            expiryTimer = null;
        }
    }
}

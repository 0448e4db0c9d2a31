package io.metricsstreamer.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who a verified token speaks for, and the most it allows. Immutable.
 *
 * @param subject     the {@code sub} claim, shown as the client's {@code user} in statistics; null when absent
 * @param metricTypes the {@code metric_types} claim in lower case, each once, in the token's order: the most the
 *                    client may subscribe to; null when the token sets no ceiling (absent, or naming {@code all})
 * @param agentIds    the {@code agent_ids} claim, each once, in the token's order: the only agents whose records
 *                    the client may see; null when the token sets no ceiling
 * @param publish     the {@code publish} claim: may publish over HTTP
 * @param admin       the {@code admin} claim: may read the statistics
 * @param expiresAt   the {@code exp} claim (whole seconds)
 */
public record Principal(String subject, List<String> metricTypes, List<String> agentIds, boolean publish,
                        boolean admin, Instant expiresAt) {
    /** Copies the lists. */
    public Principal {
        metricTypes = metricTypes == null ? null : List.copyOf(metricTypes);
        agentIds = agentIds == null ? null : List.copyOf(agentIds);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token grants {@code permission}. */
    public boolean has(Permission permission) {
        return switch (permission) {
            case PUBLISH -> publish;
            case ADMIN -> admin;
        };
    }
}

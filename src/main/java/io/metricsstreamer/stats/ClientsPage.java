package io.metricsstreamer.stats;

/**
 * Which clients a statistics snapshot lists: {@code limit} of them from {@code offset}, in connection order. Every
 * client carries its filters, so a server with thousands of clients answers {@code GET /api/statistics} one page at
 * a time; the totals always cover every client.
 *
 * @param offset clients skipped, at least 0
 * @param limit  clients listed at most, at least 0
 */
public record ClientsPage(int offset, int limit) {
    /** Every client. */
    public static final ClientsPage ALL = new ClientsPage(0, Integer.MAX_VALUE);
    /** The page {@code GET /api/statistics} lists when asked for none. */
    public static final int DEFAULT_HTTP_LIMIT = 1000;

    /** Validates the bounds. */
    public ClientsPage {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("clients_offset and clients_limit must not be negative");
        }
    }
}

package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The intervals of one series (the system's, or one endpoint's) in time order, with each one's elapsed time: its
 * {@code elapsed_seconds}, or, where that is missing, its position times {@link #INTERVAL_SECONDS}.
 */
final class Intervals {
    /** The length of one interval of {@code run}, assumed where a node lacks {@code elapsed_seconds}. */
    static final double INTERVAL_SECONDS = 0.25;

    private final List<ObjectNode> nodes;
    private final double[] elapsed;

    private Intervals(List<ObjectNode> nodes, double[] elapsed) {
        this.nodes = nodes;
        this.elapsed = elapsed;
    }

    /** The non-null nodes of {@code list} (null: none), sorted by elapsed time (stable). */
    static Intervals of(List<ObjectNode> list) {
        List<ObjectNode> given = new ArrayList<>();
        if (list != null) {
            list.stream().filter(n -> n != null).forEach(given::add);
        }
        List<Integer> order = new ArrayList<>();
        double[] time = new double[given.size()];
        for (int i = 0; i < time.length; i++) {
            double e = Column.number(given.get(i).get("elapsed_seconds"));
            time[i] = Double.isNaN(e) ? (i + 1) * INTERVAL_SECONDS : e;
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> time[i]));
        List<ObjectNode> sorted = new ArrayList<>(time.length);
        double[] elapsed = new double[time.length];
        for (int k = 0; k < time.length; k++) {
            sorted.add(given.get(order.get(k)));
            elapsed[k] = time[order.get(k)];
        }
        return new Intervals(sorted, elapsed);
    }

    /** How many intervals. */
    int size() {
        return nodes.size();
    }

    /** The intervals in time order. */
    List<ObjectNode> nodes() {
        return nodes;
    }

    /** Each interval's elapsed seconds. */
    Column elapsed() {
        return Column.of(elapsed.clone());
    }

    /** The field {@code name} of each interval. */
    Column column(String name) {
        return Column.of(nodes, name);
    }

    /**
     * Each interval's throughput: its {@code throughput_tps} where present, else the growth of the running total
     * {@code requests_processed} since the interval before over the time between them (from 0 requests at 0 s for
     * the first).
     */
    Column throughput() {
        Column given = column("throughput_tps");
        Column total = column("requests_processed");
        double[] tps = new double[size()];
        for (int i = 0; i < tps.length; i++) {
            double before = i == 0 ? 0 : total.get(i - 1);
            double since = i == 0 ? 0 : elapsed[i - 1];
            double dt = elapsed[i] - since;
            double dn = total.get(i) - before;
            double derived = dt > 0 && dn >= 0 ? dn / dt : Double.NaN;
            tps[i] = Double.isNaN(given.get(i)) ? derived : given.get(i);
        }
        return Column.of(tps);
    }

    /** How many consecutive intervals make one point of the page's charts, so that it draws at most {@code max}. */
    static int perPoint(int intervals, int max) {
        return Math.max(1, (intervals + max - 1) / max);
    }
}

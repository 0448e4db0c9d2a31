package io.metricsstreamer.ingest;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys seen so far in each JSON object open during one parse, to refuse a duplicate key as Jackson's strict
 * mode does, without its cost: Jackson's duplicate detector builds a {@code HashSet} (and a node per key) for every
 * object with more than two keys, a large share of what the server allocated per published metric (measured:
 * docs/benchmarks/LOG.md). Here each nesting level has a small open-addressing table, cleared and reused object
 * after object, so checking the objects metrics are made of allocates nothing. An object with more than
 * {@value #SMALL_KEYS} keys moves to a {@code HashSet}: its bins turn into trees when keys collide, so a body of keys
 * chosen to share one hash code costs n log n, where probing a table would cost n squared. Reused by one thread,
 * parse after parse; not thread-safe.
 */
final class ObjectKeys {
    /** Keys an object may have before it moves from the reused table to a set of its own. */
    static final int SMALL_KEYS = 32;
    /** Slots of a level's table: twice {@link #SMALL_KEYS}, so the table is at most half full. */
    private static final int SLOTS = 2 * SMALL_KEYS;

    private Level[] levels = new Level[8];
    private int depth = -1;

    /**
     * Forgets every object: the start of a parse (the last one may have stopped inside objects). Drops the sets of
     * large objects, so a huge body leaves nothing behind on the thread.
     */
    void reset() {
        depth = -1;
        for (Level level : levels) {
            if (level == null) {
                break;
            }
            level.large = null;
        }
    }

    /** An object opens: its keys are tracked until {@link #exit()}. */
    void enter() {
        depth++;
        if (depth == levels.length) {
            Level[] grown = new Level[levels.length * 2];
            System.arraycopy(levels, 0, grown, 0, levels.length);
            levels = grown;
        }
        Level level = levels[depth];
        if (level == null) {
            levels[depth] = new Level();
        } else {
            level.clear();
        }
    }

    /** The innermost open object closes. Ignored when no object is open (a walk that began inside one). */
    void exit() {
        if (depth >= 0) {
            depth--;
        }
    }

    /** How many objects are open (for tests). */
    int depth() {
        return depth + 1;
    }

    /** Whether an object is open. */
    boolean inObject() {
        return depth >= 0;
    }

    /**
     * Records a key of the innermost open object.
     *
     * @return false when the object already has that key
     */
    boolean add(String key) {
        return levels[depth].add(key);
    }

    /** One object's keys: a reused table (linear probing) of up to {@link #SMALL_KEYS}, then a set of its own. */
    private static final class Level {
        final String[] slots = new String[SLOTS];
        int count;
        Set<String> large;

        boolean add(String key) {
            if (large != null) {
                return large.add(key);
            }
            int mask = SLOTS - 1;
            int h = key.hashCode();
            int i = (h ^ (h >>> 16)) & mask;
            for (String there = slots[i]; there != null; there = slots[i]) {
                if (there.equals(key)) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            if (count < SMALL_KEYS) {
                slots[i] = key;
                count++;
                return true;
            }
            large = new HashSet<>(4 * SMALL_KEYS);
            for (String kept : slots) {
                if (kept != null) {
                    large.add(kept);
                }
            }
            return large.add(key);
        }

        void clear() {
            if (count > 0) {
                Arrays.fill(slots, null);
                count = 0;
            }
            large = null;
        }
    }
}

package io.metricsstreamer.ingest;

import java.util.Arrays;

/**
 * The keys seen so far in each JSON object open during one parse, to refuse a duplicate key as Jackson's strict
 * mode does, without its cost: Jackson's duplicate detector builds a {@code HashSet} (and a node per key) for every
 * object with more than two keys, which was a sixth of the bytes the server allocated per published metric (JFR at
 * W1). Here each nesting level has an open-addressing table of the keys, reused object after object, so checking
 * allocates nothing unless an object has more keys than any before it at that depth; a table grown past
 * {@value #KEPT_SLOTS} slots (an object of thousands of keys) is dropped when the next object opens. Reused by one
 * thread, parse after parse; not thread-safe.
 */
final class ObjectKeys {
    /** Slots of a level's first table: objects of up to half as many keys fit without growing it. */
    static final int FIRST_SLOTS = 64;
    /** Largest table kept for the next object at the same depth. */
    static final int KEPT_SLOTS = 4096;

    private Level[] levels = new Level[8];
    private int depth = -1;

    /** Forgets every object: the start of a parse (the last one may have stopped inside objects). */
    void reset() {
        depth = -1;
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
            levels[depth] = new Level(FIRST_SLOTS);
        } else if (level.slots.length > KEPT_SLOTS) {
            levels[depth] = new Level(FIRST_SLOTS);
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
        Level level = levels[depth];
        if (!level.add(key)) {
            return false;
        }
        if (level.count * 2 > level.slots.length) {
            levels[depth] = level.grown();
        }
        return true;
    }

    /** One object's keys: an open-addressing table (linear probing), at most half full. */
    private static final class Level {
        final String[] slots;
        int count;

        Level(int size) {
            slots = new String[size];
        }

        boolean add(String key) {
            int mask = slots.length - 1;
            int h = key.hashCode();
            for (int i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
                String there = slots[i];
                if (there == null) {
                    slots[i] = key;
                    count++;
                    return true;
                }
                if (there.equals(key)) {
                    return false;
                }
            }
        }

        void clear() {
            if (count > 0) {
                Arrays.fill(slots, null);
                count = 0;
            }
        }

        Level grown() {
            Level bigger = new Level(slots.length * 2);
            for (String key : slots) {
                if (key != null) {
                    bigger.add(key);
                }
            }
            return bigger;
        }
    }
}

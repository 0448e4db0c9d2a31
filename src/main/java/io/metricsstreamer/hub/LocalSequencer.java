package io.metricsstreamer.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The sequence of one server process: starts at 1, in a new epoch of 16 random hex digits. Single writer (the
 * dispatcher); the last seq is published with a release store, which costs the dispatcher no fence on x86, and read
 * with an acquire load.
 */
public final class LocalSequencer implements Sequencer {
    private static final VarHandle LAST;

    static {
        try {
            LAST = MethodHandles.lookup().findVarHandle(LocalSequencer.class, "last", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String epoch;
    @SuppressWarnings("unused") // through LAST
    private long last;

    /** A new seq stream. */
    public LocalSequencer() {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.epoch = HexFormat.of().formatHex(id);
    }

    @Override
    public long next() {
        long n = (long) LAST.get(this) + 1;
        LAST.setRelease(this, n);
        return n;
    }

    @Override
    public long last() {
        return (long) LAST.getAcquire(this);
    }

    @Override
    public String epoch() {
        return epoch;
    }
}

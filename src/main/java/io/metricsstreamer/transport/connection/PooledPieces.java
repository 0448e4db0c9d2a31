package io.metricsstreamer.transport.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes bytes of unknown or large total size into pooled direct pieces of {@link #PIECE} bytes, gathered in one
 * composite buffer (written to a socket as one gathering write). A large frame (a client that fell behind gets its
 * whole pending list at once) thus never needs a contiguous buffer past the pool's chunk size, which Netty would
 * allocate, zero and free outside the pool for every such frame. Not thread-safe; one per buffer being built.
 */
final class PooledPieces {
    /** Size of each piece. */
    static final int PIECE = 256 * 1024;

    private final ByteBufAllocator allocator;
    private final CompositeByteBuf out;
    private ByteBuf current;

    /** Pieces from {@code allocator} (Netty's pooled one, but in tests). */
    PooledPieces(ByteBufAllocator allocator) {
        this.allocator = allocator;
        this.out = allocator.compositeDirectBuffer(Integer.MAX_VALUE);
    }

    /** Appends {@code length} bytes of {@code array} from {@code offset}. */
    void write(byte[] array, int offset, int length) {
        while (length > 0) {
            if (current == null || !current.isWritable()) {
                seal();
                current = allocator.directBuffer(PIECE, PIECE);
            }
            int n = Math.min(length, current.writableBytes());
            current.writeBytes(array, offset, n);
            offset += n;
            length -= n;
        }
    }

    /** The bytes written, as one buffer the caller owns. */
    ByteBuf finish() {
        seal();
        return out;
    }

    /** Releases what was written so far (building the buffer failed). */
    void discard() {
        seal();
        out.release();
    }

    private void seal() {
        if (current != null) {
            out.addComponent(true, current);
            current = null;
        }
    }
}

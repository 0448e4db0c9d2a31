package io.metricsstreamer.transport.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricsstreamer.testing.PerMessageDeflate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;

/**
 * Clients' compressed messages inflated on a loop's inflater: alone, with the client's context, bounded (a deflate
 * bomb stops at the bound), and refused when they are not deflate.
 */
class MessageInflaterTest {
    private static final int MAX = 64 * 1024;

    private interface LoopBody {
        void run() throws Exception;
    }

    private static void onLoop(LoopBody body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new DefaultThreadFactory("inflate-test").newThread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        t.join();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    private static String inflate(byte[] payload, ClientContext context) throws DataFormatException {
        ByteBuf out = MessageInflater.inflate(Unpooled.wrappedBuffer(payload), context, MAX);
        return out == null ? null : out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageCompressedAloneInflatesToItsText() throws Exception {
        String subscribe = "{\"type\":\"subscribe\",\"metric_types\":[\"system\",\"agent\",\"business\"]}";
        onLoop(() -> {
            assertThat(inflate(PerMessageDeflate.compressAlone(utf8(subscribe)), null)).isEqualTo(subscribe);
            assertThat(inflate(PerMessageDeflate.compressAlone(new byte[0]), null)).isEmpty();
        });
    }

    @Test
    void messagesOfAClientKeepingItsContextInflateWithWhatItSentBefore() throws Exception {
        String first = "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"agent_1\",\"agent_2\",\"agent_3\"]}}";
        String second = "{\"type\":\"set_filters\",\"filters\":{\"agent_ids\":[\"agent_1\",\"agent_2\"]}}";
        try (PerMessageDeflate client = new PerMessageDeflate(false)) {
            byte[] a = client.compress(utf8(first));
            byte[] b = client.compress(utf8(second));
            byte[] c = client.compress(utf8(second));
            assertThat(c.length).as("the client refers back to what it sent").isLessThan(b.length);
            ClientContext context = new ClientContext(32 * 1024);
            onLoop(() -> {
                assertThat(inflate(a, context)).isEqualTo(first);
                assertThat(inflate(PerMessageDeflate.compressAlone(utf8("{}")), null))
                        .as("another client in between, on the same inflater").isEqualTo("{}");
                assertThat(inflate(b, context)).isEqualTo(second);
                assertThat(inflate(c, context)).isEqualTo(second);
            });
        }
    }

    @Test
    void aMessageThatInflatesPastTheBoundIsRefusedWithoutInflatingTheRest() throws Exception {
        byte[] bomb = PerMessageDeflate.compressAlone(new byte[32 * 1024 * 1024]);
        assertThat(bomb.length).as("32 MiB of zeros").isLessThan(MAX);
        byte[] justRight = PerMessageDeflate.compressAlone(utf8("\"" + "a".repeat(MAX - 2) + "\""));
        byte[] oneOver = PerMessageDeflate.compressAlone(utf8("\"" + "a".repeat(MAX - 1) + "\""));
        onLoop(() -> {
            assertThat(MessageInflater.inflate(Unpooled.wrappedBuffer(bomb), null, MAX)).isNull();
            assertThat(MessageInflater.inflate(Unpooled.wrappedBuffer(justRight), null, MAX).readableBytes())
                    .isEqualTo(MAX);
            assertThat(MessageInflater.inflate(Unpooled.wrappedBuffer(oneOver), null, MAX)).isNull();
            assertThat(inflate(PerMessageDeflate.compressAlone(utf8("{\"type\":\"ping\"}")), null))
                    .as("the loop's inflater goes on").isEqualTo("{\"type\":\"ping\"}");
        });
    }

    @Test
    void bytesThatAreNotDeflateAreRefusedAndLeaveTheContextAsItWas() throws Exception {
        ClientContext context = new ClientContext(1024);
        onLoop(() -> {
            assertThat(inflate(PerMessageDeflate.compressAlone(utf8("{\"a\":1}")), context)).isEqualTo("{\"a\":1}");
            assertThatThrownBy(() -> inflate(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01, 0x02}, context))
                    .isInstanceOf(DataFormatException.class);
            assertThat(context.kept()).isEqualTo(utf8("{\"a\":1}"));
        });
    }

    @Test
    void theLoopsInflaterIsEndedWhenItsThreadEnds() throws Exception {
        int open = ZlibStreams.open();
        onLoop(() -> {
            inflate(PerMessageDeflate.compressAlone(utf8("{}")), null);
            assertThat(ZlibStreams.open()).isEqualTo(open + 1);
        });
        assertThat(ZlibStreams.open()).isEqualTo(open);
    }
}

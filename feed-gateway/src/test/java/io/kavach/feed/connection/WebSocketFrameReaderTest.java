package io.kavach.feed.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebSocketFrameReaderTest {
    private static final int MAX = 1 << 20;

    private final List<String> delivered = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final WebSocketFrameReader.Sink sink = new WebSocketFrameReader.Sink() {
        @Override
        public void onData(final boolean text, final ByteBuf buffer, final int index, final int length) {
            final byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            delivered.add((text ? "text:" : "binary:") + describe(bytes));
        }

        @Override
        public void onProtocolError(final String reason) {
            errors.add(reason);
        }
    };

    private static String describe(final byte[] bytes) {
        int sum = 0;
        for (byte b : bytes) {
            sum = sum * 31 + b;
        }
        return bytes.length + "#" + sum;
    }

    /** One server frame (never masked) with the shortest length encoding, or the 64-bit one when asked (allowed, if wasteful). */
    private static byte[] frame(final boolean fin, final int opcode, final byte[] payload, final boolean longLength) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (longLength || payload.length > 65_535) {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >>> (8 * i)));
            }
        } else if (payload.length <= 125) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] payload(final Random random, final int size) {
        final byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    @Test
    void shouldDeliverEveryDataFrameWhateverTheReadBoundariesAndPassControlFramesOn() {
        final long seed = System.nanoTime();
        System.out.println("seed=" + seed);
        final Random random = new Random(seed);
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final List<String> expected = new ArrayList<>();
        for (int size : new int[] {0, 5, 125, 126, 300, 65_535, 65_536, 70_000}) {
            final byte[] p = payload(random, size);
            final boolean text = random.nextBoolean();
            stream.writeBytes(frame(true, text ? 1 : 2, p, size == 300));
            expected.add((text ? "text:" : "binary:") + describe(p));
        }
        final byte[] a = payload(random, 10);
        final byte[] b = payload(random, 200);
        final byte[] c = payload(random, 3);
        stream.writeBytes(frame(false, 1, a, false));
        stream.writeBytes(frame(true, 9, "ping".getBytes(StandardCharsets.US_ASCII), false)); // control frames may interleave
        stream.writeBytes(frame(false, 0, b, false));
        stream.writeBytes(frame(true, 0, c, false));
        final byte[] whole = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, whole, 0, a.length);
        System.arraycopy(b, 0, whole, a.length, b.length);
        System.arraycopy(c, 0, whole, a.length + b.length, c.length);
        expected.add("text:" + describe(whole));
        stream.writeBytes(frame(true, 10, new byte[0], false));
        final byte[] all = stream.toByteArray();

        for (int round = 0; round < 30; round++) { // round 0: one read; 1–2: reads of 1–16 bytes; then up to 40,000
            delivered.clear();
            final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameReader(sink, MAX));
            int at = 0;
            while (at < all.length) {
                final int n = round == 0 ? all.length : Math.min(all.length - at, 1 + random.nextInt(round < 3 ? 16 : 40_000));
                channel.writeInbound(Unpooled.wrappedBuffer(all, at, n));
                at += n;
            }
            assertEquals(expected, delivered, "round " + round + ", seed " + seed);
            final WebSocketFrame ping = channel.readInbound();
            assertTrue(ping instanceof PingWebSocketFrame, "a ping goes on down the pipeline");
            assertEquals("ping", ping.content().toString(StandardCharsets.US_ASCII));
            ping.release();
            final WebSocketFrame pong = channel.readInbound();
            assertTrue(pong instanceof PongWebSocketFrame);
            pong.release();
            assertTrue(errors.isEmpty(), errors.toString());
            assertTrue(channel.isOpen());
            assertFalse(channel.finishAndReleaseAll());
        }
    }

    @Test
    void shouldPassACloseFrameOnWithItsStatus() {
        final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameReader(sink, MAX));
        channel.writeInbound(Unpooled.wrappedBuffer(frame(true, 8, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}, false)));
        final CloseWebSocketFrame close = channel.readInbound();
        assertEquals(1000, close.statusCode());
        assertEquals("bye", close.reasonText());
        close.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void shouldCloseTheConnectionOnEachProtocolErrorNamingIt() {
        final byte[] masked = frame(true, 2, new byte[] {1, 2, 3, 4, 5}, false);
        masked[1] |= (byte) 0x80;
        final byte[] reserved = frame(true, 2, new byte[] {1}, false);
        reserved[0] |= 0x40;
        final byte[][] bad = {
            masked,
            reserved,
            frame(true, 3, new byte[] {1}, false),
            frame(true, 0, new byte[] {1}, false),
            frame(false, 9, new byte[] {1}, false),
            frame(true, 9, new byte[126], false),
            frame(true, 2, new byte[MAX + 1], false),
            concat(frame(false, 2, new byte[] {1}, false), frame(true, 2, new byte[] {2}, false)),
        };
        final String[] reasons = {"masked", "reserved bits", "unknown opcode 3", "continuation frame with no message",
            "fragmented or oversized control", "fragmented or oversized control", "over the", "before the fragmented one ended"};
        for (int i = 0; i < bad.length; i++) {
            errors.clear();
            delivered.clear();
            final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameReader(sink, MAX));
            channel.writeInbound(Unpooled.wrappedBuffer(concat(bad[i], frame(true, 2, new byte[] {9}, false))));
            assertEquals(1, errors.size(), "case " + i + ": " + errors);
            assertTrue(errors.get(0).contains(reasons[i]), "case " + i + ": " + errors.get(0));
            assertTrue(delivered.isEmpty(), "nothing after the error is delivered: " + delivered);
            assertFalse(channel.isOpen(), "case " + i + " closes the connection");
            channel.finishAndReleaseAll();
        }
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.kavach.feed.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebSocketFrameReaderAllocationTest {
    private static final int FRAMES_PER_PAIR = 20;
    private static final int PAIRS = 100_000;

    private long frames;
    private long checksum;

    private final WebSocketFrameReader.Sink sink = new WebSocketFrameReader.Sink() {
        @Override
        public void onData(final boolean text, final ByteBuf buffer, final int index, final int length) {
            frames++;
            checksum += buffer.getByte(index + length - 1);
        }

        @Override
        public void onProtocolError(final String reason) {
            throw new AssertionError(reason);
        }
    };

    @Test
    void shouldAllocateNothingPerFrameIncludingFramesSplitAcrossReads() {
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES_PER_PAIR; i++) {
            final byte[] payload = new byte[60 + i * 3]; // ltpc-sized frames, 7-bit lengths
            Arrays.fill(payload, (byte) (i + 1));
            stream.write(0x82);
            stream.write(payload.length);
            stream.writeBytes(payload);
        }
        final byte[] all = stream.toByteArray();
        final int cut = all.length / 2 + 3; // inside a frame: its bytes wait in the cumulation for the next read
        final ByteBuf first = Unpooled.wrappedBuffer(Arrays.copyOfRange(all, 0, cut));
        final ByteBuf second = Unpooled.wrappedBuffer(Arrays.copyOfRange(all, cut, all.length));
        final WebSocketFrameReader reader = new WebSocketFrameReader(sink, 1 << 20);
        final EmbeddedChannel channel = new EmbeddedChannel(reader);
        // the cumulation buffer without the tests' paranoid leak tracking, which records a stack trace per access
        channel.config().setAllocator(new UnpooledByteBufAllocator(true, true));
        final ChannelHandlerContext ctx = channel.pipeline().context(reader);

        run(reader, ctx, first, second, PAIRS); // warm up: JIT, and the cumulation buffer grows once
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long framesBefore = frames;
        run(reader, ctx, first, second, PAIRS * 5);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals((long) PAIRS * 5 * FRAMES_PER_PAIR, frames - framesBefore);
        assertTrue(checksum > 0);
        assertTrue(allocated < 4_096, allocated + " bytes allocated over " + (frames - framesBefore) + " frames");
        channel.finishAndReleaseAll();
    }

    private static void run(final WebSocketFrameReader reader, final ChannelHandlerContext ctx, final ByteBuf first, final ByteBuf second,
                            final int pairs) {
        for (int i = 0; i < pairs; i++) {
            reader.channelRead(ctx, first.retain().readerIndex(0)); // the reader releases what it is given
            reader.channelRead(ctx, second.retain().readerIndex(0));
        }
    }
}

package io.kavach.feed.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;

/**
 * The client side of RFC 6455 framing for a feed, in place of Netty's {@code WebSocket08FrameDecoder}
 * (installed by the handshaker after the upgrade). A complete, unfragmented data frame is handed to
 * the {@link Sink} as an index range of the buffer it arrived in — no frame object, no payload copy,
 * nothing allocated per frame. Only the bytes of a frame split across socket reads are copied, into a
 * reused cumulation buffer (just that frame: what follows it in the next read is parsed in place); a fragmented message is gathered in a reused buffer and handed over whole.
 * Control frames (ping, pong, close: rare) go down the pipeline as Netty's frame objects, so the
 * protocol handler answers pings and close handshakes as before.
 *
 * <p>A masked frame, reserved bits (no extension is negotiated), an unknown opcode, a fragmented or
 * oversized control frame, a continuation without a start, or a message over {@code maxFrameBytes} is a
 * protocol error: the sink is told why and the connection closed (the feed then reconnects).
 *
 * <p>Threading: the channel's event loop.
 */
final class WebSocketFrameReader extends ChannelInboundHandlerAdapter implements WebSocketFrameDecoder {
    /** Where data frames and protocol errors go. Calls are made during {@code channelRead}; do not keep the buffer. */
    interface Sink {
        void onData(boolean text, ByteBuf buffer, int index, int length);

        void onProtocolError(String reason);
    }

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    private static final int CONTROL_PAYLOAD_MAX = 125;
    private static final int MAX_HEADER_BYTES = 10;

    private final Sink sink;
    private final int maxFrameBytes;
    /** Bytes of an incomplete frame carried to the next read; null until first needed. */
    private ByteBuf cumulation;
    /** Payload of a fragmented message so far; null until first needed. */
    private ByteBuf fragments;
    private boolean inFragmentedMessage;
    private boolean fragmentedText;
    private boolean failed;

    WebSocketFrameReader(final Sink sink, final int maxFrameBytes) {
        this.sink = sink;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        final ByteBuf in = (ByteBuf) msg;
        try {
            if (failed) {
                return;
            }
            if (cumulation != null && cumulation.isReadable()) {
                completePending(in);
                parse(ctx, cumulation); // the frame begun in an earlier read, if whole now
                if (cumulation.isReadable()) {
                    return; // still incomplete: this read is used up
                }
                cumulation.clear();
            }
            parse(ctx, in);
            if (in.isReadable() && !failed) {
                if (cumulation == null) {
                    cumulation = ctx.alloc().directBuffer(Math.max(1024, in.readableBytes()));
                }
                cumulation.writeBytes(in); // only the start of the last frame: it ends in a later read
            }
        } finally {
            in.release();
        }
    }

    /** Moves from {@code in} only the bytes the pending frame still lacks, so the rest is parsed in place. */
    private void completePending(final ByteBuf in) {
        while (in.isReadable()) {
            final long wanted = wanted(cumulation);
            final long have = cumulation.readableBytes();
            if (wanted >= 0 && (have >= wanted || wanted - MAX_HEADER_BYTES > maxFrameBytes)) {
                return; // whole, or a length parse() refuses
            }
            final long target = wanted < 0 ? -wanted : wanted;
            cumulation.writeBytes(in, (int) Math.min(in.readableBytes(), target - have));
        }
    }

    /**
     * The size of the frame at {@code buf}'s reader index, header included; while its header is still
     * incomplete, minus the header's size (at most {@code MAX_HEADER_BYTES}); a length past 2^63 is {@code Long.MAX_VALUE}.
     */
    private static long wanted(final ByteBuf buf) {
        final int start = buf.readerIndex();
        final int available = buf.readableBytes();
        if (available < 2) {
            return -2;
        }
        final int length7 = buf.getUnsignedByte(start + 1) & 0x7F;
        final int header = length7 == 126 ? 4 : length7 == 127 ? MAX_HEADER_BYTES : 2;
        if (available < header) {
            return -header;
        }
        final long length = length7 == 126 ? buf.getUnsignedShort(start + 2) : length7 == 127 ? buf.getLong(start + 2) : length7;
        return length < 0 || length > Long.MAX_VALUE - header ? Long.MAX_VALUE : header + length;
    }

    /** Consumes every complete frame in {@code buf}, leaving the reader index at the first incomplete one. */
    private void parse(final ChannelHandlerContext ctx, final ByteBuf buf) {
        while (!failed) {
            final int start = buf.readerIndex();
            final int available = buf.readableBytes();
            if (available < 2) {
                return;
            }
            final int b0 = buf.getUnsignedByte(start);
            final int b1 = buf.getUnsignedByte(start + 1);
            final boolean fin = (b0 & 0x80) != 0;
            final int opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0) {
                fail(ctx, "reserved bits set with no extension negotiated");
                return;
            }
            if ((b1 & 0x80) != 0) {
                fail(ctx, "a masked frame from the server");
                return;
            }
            int header = 2;
            long length = b1 & 0x7F;
            if (length == 126) {
                if (available < 4) {
                    return;
                }
                length = buf.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    return;
                }
                length = buf.getLong(start + 2);
                header = 10;
            }
            if (length < 0 || length > maxFrameBytes) {
                fail(ctx, "a frame of " + length + " bytes, over the " + maxFrameBytes + " allowed");
                return;
            }
            if (available < header + length) {
                return;
            }
            final int payload = start + header;
            final int size = (int) length;
            buf.readerIndex(payload + size);
            if (opcode >= OPCODE_CLOSE) {
                control(ctx, opcode, fin, buf, payload, size);
            } else {
                data(ctx, opcode, fin, buf, payload, size);
            }
        }
    }

    private void data(final ChannelHandlerContext ctx, final int opcode, final boolean fin, final ByteBuf buf, final int payload,
                      final int size) {
        if (opcode == OPCODE_CONTINUATION) {
            if (!inFragmentedMessage) {
                fail(ctx, "a continuation frame with no message to continue");
                return;
            }
            if (fragments.readableBytes() + (long) size > maxFrameBytes) {
                fail(ctx, "a fragmented message over the " + maxFrameBytes + " bytes allowed");
                return;
            }
            fragments.writeBytes(buf, payload, size);
            if (fin) {
                inFragmentedMessage = false;
                sink.onData(fragmentedText, fragments, fragments.readerIndex(), fragments.readableBytes());
                fragments.clear();
            }
            return;
        }
        if (opcode != OPCODE_TEXT && opcode != OPCODE_BINARY) {
            fail(ctx, "unknown opcode " + opcode);
            return;
        }
        if (inFragmentedMessage) {
            fail(ctx, "a new message before the fragmented one ended");
            return;
        }
        if (fin) {
            sink.onData(opcode == OPCODE_TEXT, buf, payload, size);
            return;
        }
        if (fragments == null) {
            fragments = ctx.alloc().directBuffer(Math.max(1024, size));
        }
        inFragmentedMessage = true;
        fragmentedText = opcode == OPCODE_TEXT;
        fragments.clear().writeBytes(buf, payload, size);
    }

    private void control(final ChannelHandlerContext ctx, final int opcode, final boolean fin, final ByteBuf buf, final int payload,
                         final int size) {
        if (!fin || size > CONTROL_PAYLOAD_MAX) {
            fail(ctx, "a fragmented or oversized control frame");
            return;
        }
        final ByteBuf content = ctx.alloc().buffer(size).writeBytes(buf, payload, size);
        switch (opcode) {
            case OPCODE_PING -> ctx.fireChannelRead(new PingWebSocketFrame(content));
            case OPCODE_PONG -> ctx.fireChannelRead(new PongWebSocketFrame(content));
            case OPCODE_CLOSE -> ctx.fireChannelRead(new CloseWebSocketFrame(true, 0, content));
            default -> {
                content.release();
                fail(ctx, "unknown control opcode " + opcode);
            }
        }
    }

    private void fail(final ChannelHandlerContext ctx, final String reason) {
        failed = true;
        sink.onProtocolError(reason);
        ctx.close();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }
}

package io.kavach.sim.feed;

import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.fault.Faults;
import io.kavach.sim.http.SimServer;
import io.kavach.sim.record.ErrorLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open feed WebSocket after the upgrade: answers pings with pongs, sends a ping whenever the
 * connection has been write-idle for the ping interval (Upstox sends only WebSocket pings, never an
 * application heartbeat), and applies the feed faults — half-open silence, malformed frames, lag.
 *
 * <p>Owned by the simulator's event loop (every channel is registered on it).
 */
public abstract class FeedSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Truncated protobuf: field 2 claims 100 bytes and two follow; a V3 decoder must reject it. */
    static final byte[] MALFORMED_BINARY = {0x12, 0x64, 0x0A, 0x01};
    static final String MALFORMED_TEXT = "{\"update_type\":\"order\",\"order_id\":";

    protected final String userId;
    private final FeedKind kind;
    private final Faults faults;
    private final ErrorLog errors;
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private final AtomicLong pingsReceived = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    protected Channel channel;
    private volatile boolean halfOpen;

    protected FeedSession(final String userId, final FeedKind kind, final Faults faults, final ErrorLog errors) {
        super(false);
        this.userId = userId;
        this.kind = kind;
        this.faults = faults;
        this.errors = errors;
    }

    /** Called on the loop once the upgrade answer is written. */
    public void opened(final Channel ch) {
        this.channel = ch;
    }

    /** A data frame from the client (binary or text); the frame is released by the caller. */
    protected abstract void onData(WebSocketFrame frame);

    /** The connection is gone. */
    protected abstract void closed();

    public String userId() {
        return userId;
    }

    public boolean isHalfOpen() {
        return halfOpen;
    }

    void goHalfOpen() {
        halfOpen = true;
    }

    /** Abortive close (RST): the peer learns at once, as when a broker's load balancer resets it. */
    void drop() {
        if (channel != null) {
            SimServer.resetOnClose(channel);
            channel.close();
        }
    }

    boolean writable() {
        return halfOpen || channel == null || !channel.isActive() || channel.isWritable();
    }

    public long pingsSent() {
        return pingsSent.get();
    }

    public long pongsReceived() {
        return pongsReceived.get();
    }

    public long pingsReceived() {
        return pingsReceived.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    /** Sends a binary data frame, subject to the feed faults. */
    protected void sendBinary(final byte[] payload) {
        if (halfOpen || channel == null) {
            return;
        }
        final byte[] bytes = faults.takeMalformedFrame(kind) ? MALFORMED_BINARY : payload;
        send(() -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /** Sends a text data frame, subject to the feed faults. */
    protected void sendText(final String payload) {
        if (halfOpen || channel == null) {
            return;
        }
        final String text = faults.takeMalformedFrame(kind) ? MALFORMED_TEXT : payload;
        send(() -> new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
    }

    private void send(final java.util.function.Supplier<WebSocketFrame> frame) {
        final long lag = faults.lagMs(kind);
        if (lag <= 0) {
            write(frame.get());
        } else {
            channel.eventLoop().schedule(() -> write(frame.get()), lag, TimeUnit.MILLISECONDS);
        }
    }

    private void write(final WebSocketFrame frame) {
        if (halfOpen || !channel.isActive()) {
            frame.release();
            return;
        }
        framesSent.incrementAndGet();
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame) {
        try {
            if (halfOpen) {
                return; // a dead peer reads nothing and answers nothing
            }
            if (frame instanceof PingWebSocketFrame) {
                pingsReceived.incrementAndGet();
                final ByteBuf data = frame.content().retainedDuplicate();
                ctx.writeAndFlush(new PongWebSocketFrame(data), ctx.voidPromise());
            } else if (frame instanceof PongWebSocketFrame) {
                pongsReceived.incrementAndGet();
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(f -> ctx.close());
            } else {
                onData(frame);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            if (!halfOpen) {
                pingsSent.incrementAndGet();
                ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[]{'s', 'i', 'm'})), ctx.voidPromise());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        errors.record(kind + " feed connection of " + userId, cause);
        ctx.close();
    }
}

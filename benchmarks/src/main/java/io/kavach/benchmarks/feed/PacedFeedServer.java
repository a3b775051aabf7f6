package io.kavach.benchmarks.feed;

import io.kavach.engine.pipeline.TickFrames;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The smallest Upstox-shaped market feed for the feed → ring harness: {@code GET /authorize} answers
 * the envelope with a WebSocket URI, {@code /feed} upgrades, and the first binary frame the client
 * sends (its {@code sub} request) starts a paced stream of real V3 {@code live_feed} frames
 * ({@link TickFrames}: one instrument per frame, half ltpc, half full_d5), frame {@code i} due at
 * {@code start + i / rate}. A pacer thread wakes every {@code PACER_PARK_NS} and hands the frames now
 * due to the server's loop, which writes and flushes them together, so a late wake-up sends a small
 * burst, as a busy broker would. Frames are not pre-built on the wire: each is patched (price, time)
 * and copied with its WebSocket header into a pooled buffer, at a fraction of the simulator's
 * encoding cost and with little garbage (the harness shares the JVM, and its GC, with the client).
 *
 * <p>Threading: built and closed by the harness thread; the channel work runs on the server's own loop.
 */
final class PacedFeedServer implements AutoCloseable {
    private static final long PACER_PARK_NS = 20_000;
    private static final long FIRST_TIME_MS = 1_672_630_200_000L; // 2023-01-02 09:00 IST

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-feed-server", true));
    private final TickFrames frames;
    private final int rate;
    private final long totalFrames;
    private final Channel server;
    private final AtomicLong due = new AtomicLong();
    private volatile Channel client;
    private volatile Thread pacer;
    private long written;

    PacedFeedServer(final TickFrames frames, final int rate, final long totalFrames) {
        this.frames = frames;
        this.rate = rate;
        this.totalFrames = totalFrames;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(final Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Authorize(),
                        new WebSocketServerProtocolHandler("/feed", null, false, 64 * 1024), new StartOnSubscribe());
                }
            })
            .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Frames handed to the socket so far (read from any thread; approximate while running). */
    long framesDue() {
        return due.get();
    }

    private void startPacing(final Channel ch) {
        if (client != null) {
            return; // one stream per run; a reconnect in the middle would spoil the figure
        }
        client = ch;
        final Thread t = new Thread(this::pace, "bench-feed-pacer");
        t.setDaemon(true);
        pacer = t;
        t.start();
    }

    /** Wall clock: the server's own pacing, nothing of the engine. */
    private void pace() {
        final long start = System.nanoTime();
        final Runnable writeDue = this::writeDue;
        while (due.get() < totalFrames && client.isActive()) {
            final long elapsed = System.nanoTime() - start;
            final long now = Math.min(totalFrames, 1 + elapsed * rate / TimeUnit.SECONDS.toNanos(1));
            if (now > due.get()) {
                due.set(now);
                client.eventLoop().execute(writeDue);
            }
            LockSupport.parkNanos(PACER_PARK_NS);
        }
    }

    private void writeDue() {
        final long target = due.get();
        final Channel ch = client;
        if (written >= target || !ch.isActive()) {
            return;
        }
        while (written < target) {
            final int instrument = (int) (written % frames.count());
            final UnsafeBuffer frame = frames.frame(instrument, FIRST_TIME_MS + written / 50, 1_000.0 + (written % 97) * 0.05);
            final int length = frame.capacity();
            // the WebSocket header written here, so a pooled buffer goes out with no frame object (less harness garbage)
            final ByteBuf out = ch.alloc().directBuffer(length + 4);
            out.writeByte(0x82); // FIN, binary
            if (length <= 125) {
                out.writeByte(length);
            } else {
                out.writeByte(126).writeShort(length);
            }
            final int at = out.writerIndex();
            frame.getBytes(0, out.nioBuffer(at, length), length);
            out.writerIndex(at + length);
            ch.write(out, ch.voidPromise());
            written++;
        }
        ch.flush();
    }

    @Override
    public void close() {
        final Thread t = pacer;
        if (t != null) {
            due.set(totalFrames);
            try {
                t.join(2_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@code GET /authorize}: the Upstox envelope with this server's feed URI; anything else goes on to the upgrade. */
    private final class Authorize extends SimpleChannelInboundHandler<FullHttpRequest> {
        Authorize() {
            super(false);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
            if (!request.uri().startsWith("/authorize")) {
                ctx.fireChannelRead(request);
                return;
            }
            request.release();
            final byte[] body = ("{\"status\":\"success\",\"data\":{\"authorized_redirect_uri\":\"ws://127.0.0.1:" + port() + "/feed\"}}")
                .getBytes(StandardCharsets.UTF_8);
            final DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private final class StartOnSubscribe extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final BinaryWebSocketFrame request) {
            startPacing(ctx.channel());
        }
    }
}

package io.kavach.benchmarks.feed;

import io.kavach.benchmarks.latency.SchedulerActivity;
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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The smallest Upstox-shaped market feed for the feed → ring harness: {@code GET /authorize} answers
 * the envelope with a WebSocket URI, {@code /feed} upgrades, and the first binary frame the client
 * sends (its {@code sub} request) starts a paced stream of real V3 {@code live_feed} frames
 * ({@link TickFrames}: one instrument per frame, half ltpc, half full_d5), frame {@code i} due at
 * {@code start + i / rate}. A pacer thread wakes every {@code sendEveryNanos} (on a schedule, not a
 * fixed sleep, so late wake-ups do not drift) and hands the frames then due to the server's loop,
 * which writes and flushes them together: with {@code sendEveryNanos} below the frame period each frame
 * goes out on its own, above it frames leave in bursts, as from a busy broker. The pacer sleeps to
 * each deadline and spins only the last {@link #SPIN_AHEAD_NANOS}; it first lowers its own timer slack
 * (Linux's default 50 µs would make every sleep that much late, so a "20 µs" pace really sent a burst
 * every ~70 µs). Frames are not pre-built on the wire: each is patched (price, time) and copied with
 * its WebSocket header into a pooled buffer, at a fraction of the simulator's encoding cost and with
 * little garbage.
 *
 * <p>It stamps each burst with {@code System.nanoTime()} right before the flush that hands it to the
 * kernel and right after it ({@link #sentNanos()}, {@link #writtenNanos()}, by frame index): on loopback
 * a frame's bytes arrive during that write, so "sent → published" bounds "arrived → published" from
 * above (the whole write call in it) and "written → published" from below (none of it; a frame the
 * client published before the write returned counts 0). {@code nanoTime} is the system's monotonic
 * clock, so a child process's stamps compare with the client's.
 *
 * <p>{@link #main} runs it as its own process ({@code FeedToRingLatency --server-process}), so its
 * threads share the cores but not the JVM (safepoints, GC, JIT) with the client under test.
 *
 * <p>Threading: built and closed by the harness thread; the channel work runs on the server's own loop.
 */
final class PacedFeedServer implements AutoCloseable {
    /** The pacer's wake-up interval unless told otherwise: a burst of about 5 frames at 50,000 frames/s. */
    static final long SEND_EVERY_NANOS_DEFAULT = 100_000;
    /** The pacer spins, rather than sleeps, this close to a deadline (a sleep overshoots by a few µs even with 1 µs of slack). */
    private static final long SPIN_AHEAD_NANOS = 5_000;
    private static final long PACER_TIMER_SLACK_NANOS = 1_000;
    private static final long FIRST_TIME_MS = 1_672_630_200_000L; // 2023-01-02 09:00 IST

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-feed-server", true));
    private final TickFrames frames;
    private final int rate;
    private final long totalFrames;
    private final long sendEveryNanos;
    private final Channel server;
    private final AtomicLong due = new AtomicLong();
    /** By frame index: the server loop's clock right before the flush that sent it (0: not sent). */
    private final long[] sentNanos;
    /** By frame index: the server loop's clock right after that flush returned (0: not sent). */
    private final long[] writtenNanos;
    private volatile Channel client;
    private volatile Thread pacer;
    private volatile boolean closing;
    private long written;

    PacedFeedServer(final TickFrames frames, final int rate, final long totalFrames, final long sendEveryNanos) {
        this.frames = frames;
        this.rate = rate;
        this.totalFrames = totalFrames;
        this.sendEveryNanos = sendEveryNanos;
        this.sentNanos = new long[Math.toIntExact(totalFrames)];
        this.writtenNanos = new long[sentNanos.length];
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

    /**
     * As a process of its own: {@code --rate R --frames N --instruments N --send-every-ns N
     * [--sent-out FILE]}; prints {@code port P} once listening and serves until its standard input
     * closes (the harness ends it that way, or by ending itself), then writes {@link #sentNanos()} and
     * {@link #writtenNanos()} to FILE as big-endian longs, one array after the other.
     */
    public static void main(final String[] args) throws IOException {
        int rate = 50_000;
        long total = 0;
        int instruments = 100;
        long sendEvery = SEND_EVERY_NANOS_DEFAULT;
        Path sentOut = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--frames" -> total = Long.parseLong(args[++i]);
                case "--instruments" -> instruments = Integer.parseInt(args[++i]);
                case "--send-every-ns" -> sendEvery = Long.parseLong(args[++i]);
                case "--sent-out" -> sentOut = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; expected --rate R, --frames N, --instruments N, --send-every-ns N, --sent-out FILE");
            }
        }
        final PacedFeedServer server = new PacedFeedServer(new TickFrames(instrumentKeys(instruments)), rate, total, sendEvery);
        try (server) {
            System.out.println("port " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // nothing to read: end of input is the signal to stop
            }
        }
        if (sentOut != null) {
            writeLongs(sentOut, server.sentNanos(), server.writtenNanos());
        }
    }

    static void writeLongs(final Path file, final long[]... arrays) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (long[] values : arrays) {
                for (long v : values) {
                    out.writeLong(v);
                }
            }
        }
    }

    static long[] readLongs(final Path file) throws IOException {
        final long[] values = new long[Math.toIntExact(Files.size(file) / Long.BYTES)];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readLong();
            }
        }
        return values;
    }

    /** When each frame's write began (see the class comment), by frame index; read it after {@link #close()}. */
    long[] sentNanos() {
        return sentNanos;
    }

    /** When each frame's write returned, by frame index; read it after {@link #close()}. */
    long[] writtenNanos() {
        return writtenNanos;
    }

    /** The instrument keys both ends of the harness use. */
    static String[] instrumentKeys(final int count) {
        final String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = String.format(java.util.Locale.ROOT, "NSE_EQ|INEBENCH%05d", i);
        }
        return keys;
    }

    int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
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

    /**
     * Wall clock: the server's own pacing, nothing of the engine. After the last frame the thread
     * stays (parked) until {@link #close()}, so a harness can still read its scheduler counters.
     */
    private void pace() {
        SchedulerActivity.setOwnTimerSlack(PACER_TIMER_SLACK_NANOS);
        final long start = System.nanoTime();
        final Runnable writeDue = this::writeDue;
        long next = start;
        while (due.get() < totalFrames && client.isActive() && !closing) {
            long now;
            while ((now = System.nanoTime()) < next) {
                final long left = next - now;
                if (left > SPIN_AHEAD_NANOS) {
                    LockSupport.parkNanos(left - SPIN_AHEAD_NANOS);
                } else {
                    Thread.onSpinWait();
                }
            }
            final long elapsed = now - start;
            final long dueNow = Math.min(totalFrames, 1 + elapsed * rate / TimeUnit.SECONDS.toNanos(1));
            if (dueNow > due.get()) {
                due.set(dueNow);
                client.eventLoop().execute(writeDue);
            }
            next += sendEveryNanos;
            if (next < now) {
                next = now + sendEveryNanos - (now - start) % sendEveryNanos; // overslept: the next slot on the schedule
            }
        }
        while (!closing) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private void writeDue() {
        final long target = due.get();
        final Channel ch = client;
        if (written >= target || !ch.isActive()) {
            return;
        }
        final long first = written;
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
            final ByteBuffer bytes = frame.byteBuffer(); // the template's own direct buffer: no view object per frame
            bytes.limit(length).position(0);
            out.writeBytes(bytes);
            bytes.clear();
            ch.write(out, ch.voidPromise());
            written++;
        }
        final long sent = System.nanoTime(); // harness measurement
        ch.flush();
        final long returned = System.nanoTime(); // harness measurement
        Arrays.fill(sentNanos, (int) first, (int) written, sent);
        Arrays.fill(writtenNanos, (int) first, (int) written, returned);
    }

    @Override
    public void close() {
        closing = true;
        final Thread t = pacer;
        if (t != null) {
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

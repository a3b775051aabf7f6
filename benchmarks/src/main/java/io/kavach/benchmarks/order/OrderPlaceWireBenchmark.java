package io.kavach.benchmarks.order;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketCalendar;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderView;
import io.kavach.order.http.WireObserver;
import io.kavach.order.limit.RateLimits;
import io.kavach.order.live.LiveOrderRouter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Intent → request bytes on the wire, on loopback, server time excluded. Target: p99 ≤ 30 µs.
 *
 * <p>Each operation hands one place intent to the live router and waits (parked, not spinning: on a
 * small machine a spinning waiter steals the CPU the event loop and the server need) until the
 * router has read the server's answer. Three moments are stamped with {@code System.nanoTime()}:
 * <ul>
 *   <li><b>hand-off</b>: with {@code handOff=execute} on the caller's thread right before
 *       {@code eventLoop.execute(submit)} (as the engine's intent queue does: includes waking the
 *       loop); with {@code handOff=onLoop} on the event loop right before {@code router.submit};</li>
 *   <li><b>writing</b>: the request is encoded and about to be written (gateway work before this);</li>
 *   <li><b>written</b>: the write of its last byte to the socket completed (the write promise).</li>
 * </ul>
 * Per measurement iteration and for the whole trial (warm-up excluded) it prints HdrHistogram
 * p50/p99/p99.9/max of hand-off→written (the target metric), hand-off→writing and writing→written,
 * with the load average. {@code transport} picks the client loop: NIO (what the engine runs), epoll, or
 * epoll with {@code SelectStrategy.BUSY_WAIT} (never sleeps: no wake-up on hand-off; wants a
 * dedicated core). The JMH score is the full round trip including the server, for context only. Rate limits are out of the way and one
 * request is in flight at a time, so no intent waits in a queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrderPlaceWireBenchmark {
    private static final byte[] TAG_PREFIX = "bench-".getBytes(StandardCharsets.US_ASCII);
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long PARK_NS = 50_000;

    @Param({"execute", "onLoop"})
    public String handOff;

    /** The client's event loop: NIO (the engine's today), epoll, or epoll busy-polling (a dedicated-core option). */
    @Param({"nio", "epoll", "epollBusy"})
    public String transport;

    private LoopbackOrderServer server;
    private EventLoopGroup group;
    private EventLoop eventLoop;
    private LiveOrderRouter router;
    private final OrderIntent intent = new OrderIntent();
    private final Histogram total = new Histogram(HIGHEST_NS, 3);
    private final Histogram gateway = new Histogram(HIGHEST_NS, 3);
    private final Histogram socket = new Histogram(HIGHEST_NS, 3);
    private final Histogram trialTotal = new Histogram(HIGHEST_NS, 3);
    private final Histogram trialGateway = new Histogram(HIGHEST_NS, 3);
    private final Histogram trialSocket = new Histogram(HIGHEST_NS, 3);
    private final AtomicLong acked = new AtomicLong();
    private volatile Thread waiter;
    private long handOffNanos;
    private long writingNanos;
    private long nextIntentId = 1;
    private boolean stampOnLoop;
    private Runnable submitTask;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new LoopbackOrderServer();
        final DefaultThreadFactory threads = new DefaultThreadFactory("bench-order-loop", true);
        switch (transport) {
            case "epoll":
                group = new EpollEventLoopGroup(1, threads);
                break;
            case "epollBusy":
                group = new EpollEventLoopGroup(1, threads, () -> (selectNow, hasTasks) -> SelectStrategy.BUSY_WAIT);
                break;
            default:
                group = new NioEventLoopGroup(1, threads);
                break;
        }
        eventLoop = group.next();
        stampOnLoop = "onLoop".equals(handOff);
        final OrderGatewayConfig config = new OrderGatewayConfig()
                .orderBaseUri(server.baseUri()).readBaseUri(server.baseUri()).accessToken("bench-token")
                .orderConnections(2).readConnections(1)
                .orderLimits(new RateLimits(new int[]{1_000_000}, new long[]{1_000}, 0))
                .marketHoursCheck(false).verifyAttemptsMax(0).reconcileIntervalMs(24 * 3_600_000L).tickIntervalMs(10);
        final OrderEventHandler handler = new OrderEventHandler() {
            @Override
            public void onOrderAck(final long intentId, final byte action, final byte ackCode, final OrderView order) {
                if (ackCode == AckCode.ACCEPTED) {
                    acked.lazySet(intentId);
                    final Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }

            @Override public void onOrderUpdate(final OrderView order) { }
            @Override public void onPositionUpdate(final CharSequence key, final byte product, final long net, final long asOf) { }
            @Override public void onWarning(final long intentId, final int code, final String message) { }
            @Override public void onTokenRejected() { }
        };
        router = eventLoop.submit(() -> new LiveOrderRouter(config, eventLoop, SystemEpochClock.INSTANCE, handler, MarketCalendar.nseDefault()))
                .get(5, TimeUnit.SECONDS);
        router.wireObserver(new WireObserver() {
            @Override
            public void onWriting(final long requestId, final long nanoTime) {
                writingNanos = nanoTime;
            }

            @Override
            public void onWritten(final long requestId, final long nanoTime) {
                total.recordValue(Math.min(nanoTime - handOffNanos, HIGHEST_NS));
                gateway.recordValue(Math.min(writingNanos - handOffNanos, HIGHEST_NS));
                socket.recordValue(Math.min(nanoTime - writingNanos, HIGHEST_NS));
            }
        });
        eventLoop.submit(router::start).get(5, TimeUnit.SECONDS);
        Thread.sleep(500); // connections pre-warmed
        submitTask = this::submitOnLoop;
        intent.place(0, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(2450.05))
                .product(OrderCodes.PRODUCT_I).instrumentKey("NSE_EQ|INE002A01018");
    }

    /** Caller thread: a fresh intent id and tag in the reused flyweight (published to the loop by execute). */
    private void prepare(final long id) {
        intent.intentId = id;
        System.arraycopy(TAG_PREFIX, 0, intent.tag, 0, TAG_PREFIX.length);
        int len = TAG_PREFIX.length;
        long v = id;
        final int start = len;
        do {
            intent.tag[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            final byte t = intent.tag[i];
            intent.tag[i] = intent.tag[j];
            intent.tag[j] = t;
        }
        intent.tagLength = len;
    }

    private void submitOnLoop() {
        if (stampOnLoop) {
            handOffNanos = System.nanoTime();
        }
        router.submit(intent);
    }

    @Benchmark
    public long placeRoundTrip() {
        final long id = nextIntentId++;
        prepare(id);
        waiter = Thread.currentThread();
        if (!stampOnLoop) {
            handOffNanos = System.nanoTime();
        }
        eventLoop.execute(submitTask);
        while (acked.get() < id) {
            LockSupport.parkNanos(PARK_NS);
        }
        return id;
    }

    @TearDown(Level.Iteration)
    public void report(final IterationParams params) throws Exception {
        final boolean measured = params.getType() == IterationType.MEASUREMENT;
        eventLoop.submit(() -> {
            print("intent->wire", total);
            print("  intent->writing (gateway)", gateway);
            print("  writing->written (socket)", socket);
            if (measured) {
                trialTotal.add(total);
                trialGateway.add(gateway);
                trialSocket.add(socket);
            }
            total.reset();
            gateway.reset();
            socket.reset();
        }).get(5, TimeUnit.SECONDS);
    }

    private static void print(final String what, final Histogram h) {
        System.out.printf("%n%s ns: count %d p50 %d p90 %d p99 %d p99.9 %d max %d", what, h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        eventLoop.submit(() -> {
            System.out.printf("%n== trial (handOff=%s, transport=%s), measurement iterations only, load average %s", handOff, transport,
                    loadAverage());
            print("intent->wire", trialTotal);
            print("  intent->writing (gateway)", trialGateway);
            print("  writing->written (socket)", trialSocket);
            System.out.println();
        }).get(5, TimeUnit.SECONDS);
        eventLoop.submit(router::close).get(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (final java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

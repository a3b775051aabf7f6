package io.kavach.benchmarks.order;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketCalendar;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderView;
import io.kavach.order.limit.RateLimits;
import io.kavach.order.live.LiveOrderRouter;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Intent → request bytes on the wire, on loopback, server time excluded.
 *
 * <p>Each operation hands one place intent to the live router on its event loop; the loop stamps
 * {@code System.nanoTime()} right before {@code submit} and the router's wire observer stamps the
 * moment the write of the last request byte to the socket completed. The difference goes into an
 * HdrHistogram printed at the end of each iteration (p50/p99/p99.9/max): that is the target metric
 * (p99 ≤ 30 µs). The JMH score itself is the full round trip including the server's answer and the
 * router reading it, and is reported only for context. Rate limits are raised out of the way and
 * one request is in flight at a time, so no intent waits in a queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrderPlaceWireBenchmark {
    private static final byte[] TAG_PREFIX = "bench-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LoopbackOrderServer server;
    private NioEventLoopGroup group;
    private EventLoop loop;
    private LiveOrderRouter router;
    private final OrderIntent intent = new OrderIntent();
    private final Histogram wire = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
    private final AtomicLong acked = new AtomicLong();
    private long submitNanos;
    private long nextIntentId = 1;
    private Runnable submitTask;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new LoopbackOrderServer();
        group = new NioEventLoopGroup(1);
        loop = group.next();
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
                }
            }

            @Override public void onOrderUpdate(final OrderView order) { }
            @Override public void onPositionUpdate(final CharSequence key, final byte product, final long net, final long asOf) { }
            @Override public void onWarning(final long intentId, final int code, final String message) { }
            @Override public void onTokenRejected() { }
        };
        router = loop.submit(() -> new LiveOrderRouter(config, loop, SystemEpochClock.INSTANCE, handler, MarketCalendar.nseDefault()))
                .get(5, TimeUnit.SECONDS);
        router.wireObserver((requestId, nanoTime) -> wire.recordValue(Math.min(nanoTime - submitNanos, wire.getHighestTrackableValue())));
        loop.submit(router::start).get(5, TimeUnit.SECONDS);
        Thread.sleep(500); // connections pre-warmed
        submitTask = this::submitOnLoop;
        intent.place(0, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(2450.05))
                .product(OrderCodes.PRODUCT_I).instrumentKey("NSE_EQ|INE002A01018");
    }

    /** Runs on the event loop: a fresh intent id and tag in the reused flyweight, then submit. */
    private void submitOnLoop() {
        final long id = nextIntentId++;
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
        submitNanos = System.nanoTime();
        router.submit(intent);
    }

    @Benchmark
    public long placeRoundTrip() {
        final long id = nextIntentId;
        loop.execute(submitTask);
        while (acked.get() < id) {
            Thread.onSpinWait();
        }
        return id;
    }

    @TearDown(Level.Iteration)
    public void report() throws Exception {
        loop.submit(() -> {
            System.out.printf("%nintent->wire ns: count %d p50 %d p90 %d p99 %d p99.9 %d max %d%n", wire.getTotalCount(),
                    wire.getValueAtPercentile(50), wire.getValueAtPercentile(90), wire.getValueAtPercentile(99),
                    wire.getValueAtPercentile(99.9), wire.getMaxValue());
            wire.reset();
        }).get(5, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        loop.submit(router::close).get(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }
}

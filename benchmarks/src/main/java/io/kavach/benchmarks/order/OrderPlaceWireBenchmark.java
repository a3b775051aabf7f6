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
import io.kavach.engine.journal.SideEffectGate;
import io.kavach.engine.live.IntentQueue;
import io.kavach.engine.live.LoopTransport;
import io.kavach.engine.live.WriterLoop;
import io.kavach.engine.live.WriterLoopSettings;
import io.netty.channel.EventLoop;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Intent → request bytes on the wire, on loopback, server time excluded. Target: p99 ≤ 30 µs.
 *
 * <p>Each operation creates one place intent and waits (parked, not spinning: on a small machine a
 * spinning waiter steals the CPU the event loop and the server need) until the router has read the
 * server's answer. Three moments are stamped with {@code System.nanoTime()}:
 * <ul>
 *   <li><b>intent</b> (the clock starts): with {@code handOff=queue}, on the caller's thread once the
 *       intent is filled in the engine's own {@link IntentQueue} slot, right before {@code commit} —
 *       as the logic thread does; the loop is woken by the queue's one pre-allocated drain task, which
 *       submits to the router (the journal gate releases at once here: journaling has its own
 *       benchmarks). With {@code handOff=onLoop}, on the event loop right before {@code router.submit}
 *       (the gateway alone, no thread hand-off);</li>
 *   <li><b>writing</b>: the request is encoded and about to be written (gateway work before this);</li>
 *   <li><b>written</b> (the clock stops): the {@code write(2)} that carried the request's last byte has
 *       returned (the write promise completes inside the flush, right after the syscall).</li>
 * </ul>
 * The server's processing and answer are outside the clock. What cannot be taken out on loopback: the
 * kernel runs the receiving side (TCP receive, waking the server's thread) inside the client's
 * {@code write(2)}; {@code server=processBusy} shows the write with a receiver that never sleeps.
 *
 * <p>Per measurement iteration and for the whole trial (warm-up excluded) it prints HdrHistogram
 * p50/p99/p99.9/max of intent→written (the target metric), intent→writing and writing→written, with
 * the load average. Parameters: {@code transport} and {@code spinMicros} build the engine's
 * {@link WriterLoop} as {@code writer.loop.transport}/{@code writer.loop.spin.us} would;
 * {@code server} runs the loopback server in this JVM ({@code inJvm}, competing for the same CPUs
 * through the JVM's threads and GC) or in a separate JVM ({@code process}, {@code processBusy}). The
 * JMH score is the full round trip including the server, for context only. Rate limits are out of the
 * way and one request is in flight at a time, so no intent waits in a queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrderPlaceWireBenchmark {
    private static final byte[] TAG_PREFIX = "bench-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INSTRUMENT = "NSE_EQ|INE002A01018".getBytes(StandardCharsets.US_ASCII);
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long PARK_NS = 50_000;

    /** {@code queue}: from another thread through the engine's intent queue; {@code onLoop}: submitted on the loop. */
    @Param({"queue", "onLoop"})
    public String handOff;

    /** The writer loop's transport: {@code nio} or {@code epoll}. */
    @Param({"nio", "epoll"})
    public String transport;

    /** The writer loop's spin before blocking, µs (0: never spins). */
    @Param({"0", "50"})
    public long spinMicros;

    /** {@code inJvm}, {@code process} (a separate JVM) or {@code processBusy} (separate JVM, busy-polling receiver). */
    @Param({"inJvm", "process"})
    public String server;

    private LoopbackOrderServer inJvmServer;
    private Process serverProcess;
    private WriterLoop loop;
    private EventLoop eventLoop;
    private LiveOrderRouter router;
    private IntentQueue queue;
    private final OrderIntent onLoopIntent = new OrderIntent();
    private final Histogram total = new Histogram(HIGHEST_NS, 3);
    private final Histogram gateway = new Histogram(HIGHEST_NS, 3);
    private final Histogram socket = new Histogram(HIGHEST_NS, 3);
    private final Histogram trialTotal = new Histogram(HIGHEST_NS, 3);
    private final Histogram trialGateway = new Histogram(HIGHEST_NS, 3);
    private final Histogram trialSocket = new Histogram(HIGHEST_NS, 3);
    private final AtomicLong acked = new AtomicLong();
    private volatile Thread waiter;
    /** Written by the caller before commit and read on the loop after the queue's release/acquire (or both on the loop). */
    private long intentNanos;
    private long writingNanos;
    private long nextIntentId = 1;
    private boolean stampOnLoop;
    private Runnable submitTask;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        final String baseUri = startServer();
        // no clock is started, so the loop never publishes: no ring behind it
        loop = new WriterLoop(null, System::currentTimeMillis, new WriterLoopSettings(LoopTransport.parse(transport), spinMicros));
        eventLoop = loop.eventLoop();
        stampOnLoop = "onLoop".equals(handOff);
        final OrderGatewayConfig config = new OrderGatewayConfig()
                .orderBaseUri(baseUri).readBaseUri(baseUri).accessToken("bench-token")
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
                total.recordValue(Math.min(nanoTime - intentNanos, HIGHEST_NS));
                gateway.recordValue(Math.min(writingNanos - intentNanos, HIGHEST_NS));
                socket.recordValue(Math.min(nanoTime - writingNanos, HIGHEST_NS));
            }
        });
        queue = new IntentQueue(64);
        eventLoop.submit(() -> queue.connect(eventLoop, SideEffectGate.RELEASE_ALL, router)).get(5, TimeUnit.SECONDS);
        eventLoop.submit(router::start).get(5, TimeUnit.SECONDS);
        Thread.sleep(500); // connections pre-warmed
        submitTask = this::submitOnLoop;
    }

    private String startServer() throws IOException, InterruptedException {
        if ("inJvm".equals(server)) {
            inJvmServer = new LoopbackOrderServer();
            return inJvmServer.baseUri();
        }
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                LoopbackOrderServer.class.getName(), "processBusy".equals(server) ? "busy" : "nio");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        serverProcess = pb.start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(serverProcess.getInputStream(), StandardCharsets.US_ASCII));
        final String line = out.readLine();
        if (line == null || !line.startsWith("port ")) {
            serverProcess.destroy();
            throw new IllegalStateException("loopback server process did not start: " + line);
        }
        return "http://127.0.0.1:" + Integer.parseInt(line.substring(5).trim());
    }

    /** A fresh intent id and tag in {@code into}, as the logic fills a claimed slot. */
    private static void fill(final OrderIntent into, final long id) {
        into.place(id, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(2450.05)).product(OrderCodes.PRODUCT_I);
        into.instrumentKey(INSTRUMENT, 0, INSTRUMENT.length);
        System.arraycopy(TAG_PREFIX, 0, into.tag, 0, TAG_PREFIX.length);
        int len = TAG_PREFIX.length;
        long v = id;
        final int start = len;
        do {
            into.tag[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            final byte t = into.tag[i];
            into.tag[i] = into.tag[j];
            into.tag[j] = t;
        }
        into.tagLength = len;
    }

    private void submitOnLoop() {
        fill(onLoopIntent, nextIntentId);
        intentNanos = System.nanoTime();
        router.submit(onLoopIntent);
    }

    @Benchmark
    public long placeRoundTrip() {
        final long id = nextIntentId;
        waiter = Thread.currentThread();
        if (stampOnLoop) {
            eventLoop.execute(submitTask);
        } else {
            final OrderIntent slot = queue.claim();
            fill(slot, id);
            intentNanos = System.nanoTime();
            queue.commit(id, 0);
        }
        while (acked.get() < id) {
            LockSupport.parkNanos(PARK_NS);
        }
        nextIntentId = id + 1;
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
            System.out.printf("%n== trial (handOff=%s, transport=%s, spin=%d us, server=%s), measurement iterations only, load average %s",
                    handOff, transport, spinMicros, server, loadAverage());
            print("intent->wire", trialTotal);
            print("  intent->writing (gateway)", trialGateway);
            print("  writing->written (socket)", trialSocket);
            System.out.println();
        }).get(5, TimeUnit.SECONDS);
        eventLoop.submit(router::close).get(5, TimeUnit.SECONDS);
        loop.close();
        if (inJvmServer != null) {
            inJvmServer.close();
        }
        if (serverProcess != null) {
            serverProcess.getOutputStream().close(); // the server exits when its stdin closes
            if (!serverProcess.waitFor(5, TimeUnit.SECONDS)) {
                serverProcess.destroyForcibly();
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (final java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}

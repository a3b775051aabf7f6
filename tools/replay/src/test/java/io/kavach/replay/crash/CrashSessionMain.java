package io.kavach.replay.crash;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.kavach.config.Prices;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.EngineStateHash;
import io.kavach.engine.journal.JournalGate;
import io.kavach.engine.journal.InlineJournalHandler;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.journal.JournalRecovery;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.journal.JournalWriter;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderView;
import io.kavach.order.live.LiveOrderRouter;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import org.agrona.collections.LongHashSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The engine process of the crash test. Runs a scripted session — seeded ticks for three instruments,
 * a threshold strategy that fires a buy intent each time an instrument first trades through a new
 * level below its start — against the simulator (another process) through the live order router,
 * journaling every input. Started again after every SIGKILL, it recovers from the journal first:
 * replays the day with side effects off, asks the broker by tag about intents the journal holds
 * without an answer, then continues the script where the journal ends. When the script is done and
 * every fire is acknowledged it writes the state hash and exits 0.
 *
 * <p>Topology as {@code Bootstrap} wires it: one writer (a Netty event loop, which also runs the
 * router), a ring, and the journal placement given as the seventh argument: inline (the append, then the
 * logic (candles) and the strategy, on one thread; the default) or parallel (the journal stage beside them).
 */
public final class CrashSessionMain {
    static final String[] KEYS = {"NSE_EQ|INESIM000001", "NSE_EQ|INESIM000002", "NSE_EQ|INESIM000003"};
    /** Event time of the first scripted tick: 2023-01-02 09:15 IST. */
    static final long SCRIPT_START_MS = MarketClock.epochMsAt(LocalDay.JAN_2_2023, MarketClock.SESSION_OPEN_MINUTE);
    static final long START_PRICE = 1_000 * Prices.PRICE_SCALE;
    static final long LEVEL_STEP = 2 * Prices.PRICE_SCALE;
    static final int TICKS_PER_MS = 2;
    /** The router's wall clock runs as if it were Friday 2026-11-20 10:00 IST, a trading day. */
    static final long ROUTER_SESSION_MS = MarketClock.epochMsAt(LocalDay.NOV_20_2026, 10 * 60);

    static final class LocalDay {
        static final long JAN_2_2023 = java.time.LocalDate.of(2023, 1, 2).toEpochDay();
        static final long NOV_20_2026 = java.time.LocalDate.of(2026, 11, 20).toEpochDay();
    }

    /** Tick {@code i} of the script: instrument and price are a pure function of (seed, i). */
    static final class Script {
        final int[] instrument;
        final long[] price;

        Script(final long seed, final int ticks) {
            instrument = new int[ticks];
            price = new long[ticks];
            final Random random = new Random(seed);
            final long[] p = {START_PRICE, START_PRICE, START_PRICE};
            for (int i = 0; i < ticks; i++) {
                final int id = random.nextInt(KEYS.length);
                p[id] += (random.nextInt(41) - 20) * 5_000L - 1_000L; // slight downward drift: levels keep breaking
                instrument[i] = id;
                price[i] = p[id];
            }
        }
    }

    /** Fires once per (instrument, level) the first time a tick trades at or below it. Logic-side: no side effects. */
    static final class ThresholdStrategy implements EventHandler<InputEvent> {
        final long[] deepestLevel = new long[KEYS.length];
        final ArrayDeque<long[]> outbox = new ArrayDeque<>(); // {intentId, instrument, causeSequence}
        final LongHashSet fired = new LongHashSet();
        final LongHashSet acked = new LongHashSet();
        final java.security.MessageDigest fires = sha256();
        volatile long firedCount;
        volatile long ackedCount;
        volatile long handledSequence = -1;

        @Override
        public void onEvent(final InputEvent e, final long slot, final boolean endOfBatch) {
            if (e.kind == EventKind.MARKET_TICK) {
                final int id = e.instrumentId;
                final long level = (START_PRICE - e.ltp) / LEVEL_STEP;
                while (deepestLevel[id] < level) {
                    deepestLevel[id]++;
                    final long intentId = (id + 1) * 1_000L + deepestLevel[id];
                    fired.add(intentId);
                    fires.update(longBytes(intentId));
                    fires.update(longBytes(e.eventTimeEpochMs));
                    synchronized (outbox) {
                        outbox.add(new long[]{intentId, id, e.sequence});
                    }
                    firedCount = fired.size();
                }
            } else if (e.kind == EventKind.ORDER_ACK && e.intentId != 0) {
                acked.add(e.intentId);
                ackedCount = acked.size();
            }
            handledSequence = e.sequence;
        }
    }

    public static void main(final String[] args) throws Exception {
        final Path root = Path.of(args[0]);
        final String apiUrl = args[1];
        final String orderUrl = args[2];
        final Script script = new Script(Long.parseLong(args[3]), Integer.parseInt(args[4]));
        final Path result = Path.of(args[5]);
        final JournalPlacement placement = args.length > 6 ? JournalPlacement.parse(args[6]) : JournalPlacement.INLINE;
        final int total = script.price.length;
        final long day = MarketClock.istEpochDay(SCRIPT_START_MS);

        final CandleBook candles = new CandleBook();
        for (int id = 0; id < KEYS.length; id++) {
            candles.track(id, Timeframe.M1);
        }
        final LogicHandler logic = new LogicHandler(candles);
        final EngineStateHash hash = new EngineStateHash();
        candles.addListener(hash.closedCandles());
        final ThresholdStrategy strategy = new ThresholdStrategy();

        final JournalWriter writer = new JournalWriter(root, m -> System.err.println("crash-session: journal damage: " + m));
        writer.openDay(day);
        final long last = writer.lastSequence();
        // recovery, as kavach run does it: replay the day straight into the same handlers on this thread before
        // the ring starts, and learn what left the process before the crash
        final RingErrorHandler replayErrors = new RingErrorHandler("crash-session replay");
        final JournalRecovery.Result recovered = JournalRecovery.replayDay(root, day, (e, s, end) -> {
            logic.onEvent(e, s, end);
            strategy.onEvent(e, s, end);
        }, replayErrors, m -> System.err.println("crash-session: journal damage: " + m));
        if (replayErrors.errors() > 0) {
            System.exit(4);
        }

        final JournalHandler journal = new JournalHandler(writer, last);
        final JournalGate gate = journal.gate();
        final Disruptor<InputEvent> disruptor = new Disruptor<>(InputEvent::new, 4096, Thread::new, ProducerType.SINGLE, new YieldingWaitStrategy());
        if (placement == JournalPlacement.INLINE) {
            disruptor.handleEventsWith(new InlineJournalHandler(journal, (e, s, end) -> {
                logic.onEvent(e, s, end);
                strategy.onEvent(e, s, end);
            }, new RingErrorHandler("crash-session journal")));
        } else {
            disruptor.handleEventsWith(journal, logic, strategy);
        }
        disruptor.setDefaultExceptionHandler(new RingErrorHandler("crash-session"));
        final RingBuffer<InputEvent> ring = disruptor.start();
        final InputPublisher publisher = new InputPublisher(ring, last + 1);
        final int ticksDone = (int) recovered.replayedByKind()[EventKind.MARKET_TICK];
        System.err.println("crash-session: recovered " + recovered.replayedEvents() + " inputs (" + ticksDone + " ticks), "
            + recovered.unansweredIntents().size() + " intents without answer, " + recovered.journaledIntentIds().size() + " intents journaled");

        final NioEventLoopGroup group = new NioEventLoopGroup(1);
        final EventLoop loop = group.next();
        final long wallAtStart = System.currentTimeMillis();
        final OrderGatewayConfig config = new OrderGatewayConfig().orderBaseUri(orderUrl).readBaseUri(apiUrl)
            .accessToken("sim-token").algoName("kavach-crash-test");
        final CountDownLatch finished = new CountDownLatch(1);
        final Writer w = new Writer(publisher, gate, strategy, recovered.journaledIntentIds(), script, ticksDone, total, finished);
        final LiveOrderRouter router = loop.submit(() -> new LiveOrderRouter(config, loop,
            // the router's wall clock, shifted into a trading session (order windows are checked against it)
            () -> ROUTER_SESSION_MS + (System.currentTimeMillis() - wallAtStart), w, MarketCalendar.nseDefault())).get();
        w.router = router;
        loop.submit(() -> {
            router.start();
            for (final InputEvent intent : recovered.unansweredIntents()) {
                w.submit(intent.intentId, intent.instrumentId, true); // unknown fate: the router asks the broker by tag first
            }
            loop.scheduleAtFixedRate(w::step, 1, 1, TimeUnit.MILLISECONDS);
        }).get();

        System.err.println("crash-session: live");
        if (!finished.await(170, TimeUnit.SECONDS)) {
            System.err.println("crash-session: timed out with " + w.nextTick + "/" + total + " ticks, "
                + strategy.ackedCount + "/" + strategy.firedCount + " acked");
            System.exit(3);
        }
        loop.submit(router::close).get();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        final RingBuffer<InputEvent> r = disruptor.getRingBuffer();
        while (r.getMinimumGatingSequence() < r.getCursor()) {
            Thread.yield();
        }
        disruptor.shutdown();
        writer.close();
        final String state = hash.addLogic(logic, KEYS.length).addDigest(strategy.fires.digest()).hex();
        Files.writeString(result, state + " " + strategy.firedCount + " " + logic.eventsHandled() + "\n", StandardCharsets.US_ASCII);
        System.err.println("crash-session: done, state " + state);
        System.exit(0);
    }

    /** The single writer: publishes the script, hands intents out journal-first, journals the router's answers. */
    static final class Writer implements OrderEventHandler {
        final InputPublisher publisher;
        final JournalGate gate;
        final ThresholdStrategy strategy;
        final LongHashSet alreadyJournaled;
        final Script script;
        final int total;
        final CountDownLatch finished;
        final OrderIntent intent = new OrderIntent();
        final LongHashSet answered = new LongHashSet();
        LiveOrderRouter router;
        int nextTick;
        long[] pending;          // {intentId, instrument, causeSequence} being journaled
        long pendingSequence = -1;

        Writer(final InputPublisher publisher, final JournalGate gate, final ThresholdStrategy strategy, final LongHashSet alreadyJournaled,
               final Script script, final int ticksDone, final int total, final CountDownLatch finished) {
            this.publisher = publisher;
            this.gate = gate;
            this.strategy = strategy;
            this.alreadyJournaled = alreadyJournaled;
            this.script = script;
            this.nextTick = ticksDone;
            this.total = total;
            this.finished = finished;
        }

        void step() {
            for (int i = 0; i < TICKS_PER_MS && nextTick < total; i++, nextTick++) {
                final long t = SCRIPT_START_MS + nextTick * 50L;
                publisher.publishTrade(script.instrument[nextTick], t, script.price[nextTick], 1, nextTick + 1L, 0);
            }
            drainOutbox();
            if (nextTick == total && pending == null && strategy.handledSequence >= publisher.nextInputSequence() - 1
                && strategy.firedCount > 0 && strategy.ackedCount == strategy.firedCount && outboxEmpty()) {
                finished.countDown();
            }
        }

        private boolean outboxEmpty() {
            synchronized (strategy.outbox) {
                return strategy.outbox.isEmpty();
            }
        }

        private void drainOutbox() {
            while (true) {
                if (pending == null) {
                    synchronized (strategy.outbox) {
                        pending = strategy.outbox.poll();
                    }
                    if (pending == null) {
                        return;
                    }
                    if (alreadyJournaled.contains(pending[0])) {
                        pending = null; // handed out before the crash: answered, or being looked up by tag
                        continue;
                    }
                    if (gate.decide(pending[2]) != JournalGate.RELEASE) {
                        final long[] held = pending;
                        pending = null;
                        synchronized (strategy.outbox) {
                            strategy.outbox.addFirst(held);
                        }
                        return; // its input is not journaled yet
                    }
                    pendingSequence = publishIntent(pending[0], (int) pending[1]);
                }
                if (gate.decide(pendingSequence) != JournalGate.RELEASE) {
                    return; // the ORDER_INTENT record itself is not journaled yet
                }
                submit(pending[0], (int) pending[1], false);
                pending = null;
            }
        }

        private long publishIntent(final long intentId, final int instrument) {
            final long slot = publisher.claim(EventKind.ORDER_INTENT, SCRIPT_START_MS + nextTick * 50L);
            final InputEvent e = publisher.event(slot);
            final long sequence = e.sequence;
            e.intentId = intentId;
            e.ruleId = instrument + 1;
            e.instrumentId = instrument;
            e.side = OrderCodes.SIDE_BUY;
            e.orderType = OrderCodes.TYPE_LIMIT;
            e.product = OrderCodes.PRODUCT_D;
            e.validity = OrderCodes.VALIDITY_DAY;
            e.quantity = 1;
            e.price = Prices.PRICE_SCALE; // 1 rupee: rests at the broker, never fills
            e.triggerPrice = 0;
            e.averagePrice = 0;
            e.filledQuantity = e.pendingQuantity = e.netQuantity = 0;
            e.orderStatus = 0;
            final byte[] tag = tag(intentId);
            System.arraycopy(tag, 0, e.tag, 0, tag.length);
            e.tagLength = tag.length;
            e.brokerOrderIdLength = 0;
            e.textLength = 0;
            publisher.publish(slot);
            return sequence;
        }

        void submit(final long intentId, final int instrument, final boolean lookupFirst) {
            intent.reset();
            intent.place(intentId, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT).product(OrderCodes.PRODUCT_D)
                .validity(OrderCodes.VALIDITY_DAY).price(Prices.PRICE_SCALE).instrumentKey(KEYS[instrument]);
            final byte[] tag = tag(intentId);
            intent.tag(tag, 0, tag.length);
            intent.lookupFirst = lookupFirst;
            router.submit(intent);
        }

        static byte[] tag(final long intentId) {
            return ("kv-crash-" + intentId).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void onOrderAck(final long intentId, final byte action, final byte ackCode, final OrderView order) {
            if (action != OrderIntent.ACTION_PLACE || intentId == 0 || ackCode == AckCode.RETRY_PENDING || !answered.add(intentId)) {
                return;
            }
            final long slot = publisher.claim(EventKind.ORDER_ACK, SCRIPT_START_MS + nextTick * 50L);
            final InputEvent e = publisher.event(slot);
            e.intentId = intentId;
            e.command = action;
            e.ackCode = ackCode;
            e.orderStatus = order == null ? 0 : order.status();
            final CharSequence id = order == null ? null : order.brokerOrderId();
            e.brokerOrderIdLength = 0;
            if (id != null) {
                for (int i = 0; i < id.length() && i < e.brokerOrderId.length; i++) {
                    e.brokerOrderId[i] = (byte) id.charAt(i);
                    e.brokerOrderIdLength++;
                }
            }
            final byte[] tag = tag(intentId);
            System.arraycopy(tag, 0, e.tag, 0, tag.length);
            e.tagLength = tag.length;
            e.textLength = 0;
            publisher.publish(slot);
        }

        @Override
        public void onOrderUpdate(final OrderView order) {
            // status changes are not needed by this script; only placement matters
        }

        @Override
        public void onPositionUpdate(final CharSequence instrumentKey, final byte product, final long netQuantity, final long asOfEpochMs) {
        }

        @Override
        public void onWarning(final long intentId, final int warningCode, final String message) {
            System.err.println("crash-session: router warning " + intentId + ": " + message);
        }

        @Override
        public void onTokenRejected() {
            System.err.println("crash-session: token rejected");
        }
    }

    static byte[] longBytes(final long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

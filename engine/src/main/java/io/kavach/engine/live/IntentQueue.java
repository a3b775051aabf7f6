package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.SideEffectGate;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderRouter;
import org.HdrHistogram.Histogram;
import org.agrona.collections.LongHashSet;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The order outbox: a single-producer, single-consumer ring of pre-allocated gateway intents from
 * the logic thread to the writer loop, where the order router runs. An intent leaves only when the
 * input that caused it is journaled ({@link SideEffectGate}): journal first for side effects. The
 * loop is woken with one pre-allocated task when the queue turns non-empty, so a busy stream of
 * intents costs no allocation.
 *
 * <p>In a journaled run ({@link #journalIntentsTo}) each intent is also journaled as an
 * {@link EventKind#ORDER_INTENT} input just before it goes to the router, so a restart knows which
 * intents left ({@code JournalRecovery.Result.journaledIntentIds()}) and which of those the broker
 * never answered. While a restart replays the journal the queue is {@link #hold held}: nothing reaches
 * the router (whose answers would be a second producer on the ring) until {@link #release}.
 *
 * <p>Threading: {@link #claim}/{@link #commit} on the logic thread; {@link #drain} on the writer loop.
 */
public final class IntentQueue {
    public static final int CAPACITY_DEFAULT = 4096;
    /** How long a held intent waits before the loop asks the journal again. */
    private static final long HOLD_RETRY_NANOS = 20_000;

    private final OrderIntent[] intents;
    private final long[] causeSequence;
    private final long[] causeReceivedNanos;
    private final int mask;
    private final AtomicLong tail = new AtomicLong(); // next slot the producer fills
    private final AtomicLong head = new AtomicLong(); // next slot the consumer sends
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainFromLoop;
    private final Histogram tickToIntentNanos = new Histogram(3_600_000_000_000L, 3);
    private Executor loop;
    private SideEffectGate gate = SideEffectGate.RELEASE_ALL;
    private OrderRouter router;
    private long overflows;
    private long sent;
    private long suppressed;
    private boolean held;
    private InputPublisher intentJournal;
    private InstrumentRegistry instruments;
    private LongSupplier clockMs;
    private LongHashSet recoveredIds;
    private long recoveredThrough = Long.MIN_VALUE;
    private long recoveredDropped;
    private long recoveredLookups;

    public IntentQueue(final int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        intents = new OrderIntent[capacity];
        for (int i = 0; i < capacity; i++) {
            intents[i] = new OrderIntent();
        }
        causeSequence = new long[capacity];
        causeReceivedNanos = new long[capacity];
        mask = capacity - 1;
    }

    /** Connects the consumer side: the loop to wake, the journal gate and the router to send to. */
    public void connect(final Executor writerLoop, final SideEffectGate journalGate, final OrderRouter orderRouter) {
        this.loop = writerLoop;
        this.gate = journalGate;
        this.router = orderRouter;
    }

    /**
     * Journals every intent as ORDER_INTENT before it is submitted. {@code publisher} is the ring's
     * producer on the writer loop (where {@link #drain} runs); {@code clockMs} is the gateway's clock.
     */
    public void journalIntentsTo(final InputPublisher publisher, final InstrumentRegistry registry, final LongSupplier gatewayClockMs) {
        this.intentJournal = publisher;
        this.instruments = registry;
        this.clockMs = gatewayClockMs;
    }

    /** Keeps every intent queued until {@link #release()} (restart recovery is replaying). Before start or on the writer loop. */
    public void hold() {
        held = true;
    }

    /** Ends {@link #hold()} and sends what is due. Writer loop. */
    public void release() {
        held = false;
        drain();
    }

    /**
     * Ends a restart's {@link #hold()}: of the intents re-emitted while the journal was replayed (cause
     * at or before {@code recoveredThroughSequence}), those whose id the journal holds as ORDER_INTENT
     * ({@code journaledIntentIds}) are dropped — they left before the restart, and any the broker never
     * answered are reconciled by the caller — and the others go out with {@code lookupFirst}, because
     * the router may have sent them just before the process died without their ORDER_INTENT reaching
     * the journal: the broker is asked by tag first. Writer loop.
     */
    public void releaseAfterRecovery(final LongHashSet journaledIntentIds, final long recoveredThroughSequence) {
        this.recoveredIds = journaledIntentIds;
        this.recoveredThrough = recoveredThroughSequence;
        release();
    }

    /** A cleared intent to fill, or null when the queue is full (counted: the loop is not keeping up). */
    public OrderIntent claim() {
        final long t = tail.get();
        if (t - head.get() >= intents.length) {
            overflows++;
            return null;
        }
        return intents[(int) (t & mask)].reset();
    }

    /** Publishes the claimed intent, caused by input {@code causeInputSequence} received at {@code receivedNanos}. */
    public void commit(final long causeInputSequence, final long receivedNanos) {
        final long t = tail.get();
        causeSequence[(int) (t & mask)] = causeInputSequence;
        causeReceivedNanos[(int) (t & mask)] = receivedNanos;
        tail.lazySet(t + 1);
        if (loop != null && !wakeScheduled.get() && wakeScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private void drainFromLoop() {
        wakeScheduled.set(false);
        drain();
    }

    /** Sends every intent whose cause is journaled, in order; returns how many left the queue. */
    public int drain() {
        if (held) {
            return 0;
        }
        int n = 0;
        long h = head.get();
        final long t = tail.get();
        while (h < t) {
            final int slot = (int) (h & mask);
            int decision = gate.decide(causeSequence[slot]);
            if (decision == SideEffectGate.HOLD) {
                scheduleRetry();
                break;
            }
            if (decision == SideEffectGate.RELEASE && causeSequence[slot] <= recoveredThrough) {
                if (recoveredIds != null && recoveredIds.contains(intents[slot].intentId)) {
                    decision = SideEffectGate.SUPPRESS;
                    recoveredDropped++;
                } else {
                    intents[slot].lookupFirst = true;
                    recoveredLookups++;
                }
            }
            if (decision == SideEffectGate.RELEASE) {
                if (intentJournal != null) {
                    journal(intents[slot]);
                }
                router.submit(intents[slot]);
                sent++;
                // metrics only: the wall clock never reaches the logic
                if (causeReceivedNanos[slot] > 0) {
                    tickToIntentNanos.recordValue(Math.max(0, System.nanoTime() - causeReceivedNanos[slot]));
                }
            } else {
                suppressed++;
            }
            h++;
            n++;
        }
        head.lazySet(h);
        return n;
    }

    /**
     * The intent as an ORDER_INTENT input: action in {@code command}, 1 in {@code ackCode} for an exit
     * (the field carries no acknowledgement on an intent), the target intent of a modify or cancel in
     * {@code ruleId}; everything a re-submission needs.
     */
    private void journal(final OrderIntent i) {
        final long slot = intentJournal.claim(EventKind.ORDER_INTENT, clockMs.getAsLong());
        final InputEvent e = intentJournal.event(slot);
        e.intentId = i.intentId;
        e.ruleId = i.targetIntentId;
        e.command = i.action;
        e.ackCode = (byte) (i.exit ? 1 : 0);
        e.instrumentId = i.instrumentKeyLength == 0 ? InstrumentRegistry.NOT_FOUND : instruments.find(i.instrumentKey, 0, i.instrumentKeyLength);
        e.side = i.side;
        e.orderType = i.orderType;
        e.product = i.product;
        e.validity = i.validity;
        e.quantity = i.quantity;
        e.price = i.price;
        e.triggerPrice = i.triggerPrice;
        e.filledQuantity = e.pendingQuantity = e.averagePrice = e.netQuantity = 0;
        e.orderStatus = 0;
        System.arraycopy(i.tag, 0, e.tag, 0, i.tagLength);
        e.tagLength = i.tagLength;
        System.arraycopy(i.brokerOrderId, 0, e.brokerOrderId, 0, i.brokerOrderIdLength);
        e.brokerOrderIdLength = i.brokerOrderIdLength;
        e.textLength = 0;
        intentJournal.publish(slot);
    }

    /** Rebuilds the gateway intent a journaled ORDER_INTENT describes (restart recovery); cold path. */
    public static OrderIntent fromJournal(final InputEvent e, final InstrumentRegistry registry, final OrderIntent into) {
        into.reset();
        into.action = e.command;
        into.intentId = e.intentId;
        into.targetIntentId = e.ruleId;
        into.exit = e.ackCode == 1;
        into.side = e.side;
        into.orderType = e.orderType;
        into.product = e.product;
        into.validity = e.validity;
        into.quantity = e.quantity;
        into.price = e.price;
        into.triggerPrice = e.triggerPrice;
        if (e.instrumentId >= 0) {
            final byte[] key = registry.keyBytes(e.instrumentId);
            into.instrumentKey(key, 0, key.length);
        }
        into.tag(e.tag, 0, e.tagLength);
        into.brokerOrderId(e.brokerOrderId, 0, e.brokerOrderIdLength);
        return into;
    }

    private void scheduleRetry() {
        if (loop instanceof io.netty.channel.EventLoop && wakeScheduled.compareAndSet(false, true)) {
            ((io.netty.channel.EventLoop) loop).schedule(drainTask, HOLD_RETRY_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Receive-to-router latency of sent intents; read it on the writer loop (or after it stopped). */
    public Histogram tickToIntentNanos() {
        return tickToIntentNanos;
    }

    public long overflows() {
        return overflows;
    }

    public long sent() {
        return sent;
    }

    public long suppressed() {
        return suppressed;
    }

    /** Re-emitted intents dropped after a restart because the journal already held them. */
    public long recoveredDropped() {
        return recoveredDropped;
    }

    /** Re-emitted intents of unknown fate sent after a restart with a lookup by tag first. */
    public long recoveredLookups() {
        return recoveredLookups;
    }

    public long pending() {
        return tail.get() - head.get();
    }
}

package io.kavach.engine.action;

import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.order.paper.PaperBroker;
import io.kavach.order.paper.PaperOrderListener;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Paper execution behind the ring: the logic thread offers intents into a single-producer,
 * single-consumer queue; the ring's single writer (in a backtest, the thread publishing the bars)
 * drains them into a {@link PaperBroker}, shows it each tick, and publishes every order update it
 * produces as an {@link EventKind#ORDER_UPDATE} event, so fills reach positions and order_status
 * rules through the ring like a broker's updates would.
 *
 * <p>Backtests run in lockstep for determinism: after each tick the writer calls {@link #settle},
 * which waits until the logic has handled everything published so far and places what it decided,
 * so an intent fired by tick N rests at the broker before tick N+1 and a market order fills at
 * tick N+1's price, on every run.
 *
 * <p>Threading: {@link #offer} on the logic thread; everything else on the single writer.
 */
public final class PaperExchange implements OrderOutbox, PaperOrderListener {
    public static final int QUEUE_CAPACITY_DEFAULT = 4096;
    private static final int SPINS_BEFORE_YIELD = 200;

    private final PaperBroker broker = new PaperBroker(this);
    private final OrderIntent[] queue;
    private final int mask;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final InputPublisher publisher;
    private final LongSupplier logicSequence;
    private long overflows;
    private long updatesPublished;
    private long unknownOrders;

    /**
     * @param logicSequence the input sequence the logic thread handled last (read from the writer thread)
     */
    public PaperExchange(final InputPublisher publisher, final LongSupplier logicSequence, final int queueCapacity) {
        final int capacity = Integer.highestOneBit(Math.max(2, queueCapacity) - 1) << 1;
        this.queue = new OrderIntent[capacity];
        for (int i = 0; i < capacity; i++) {
            queue[i] = new OrderIntent();
        }
        this.mask = capacity - 1;
        this.publisher = publisher;
        this.logicSequence = logicSequence;
    }

    /** Logic thread: copies the intent into the queue; a full queue counts an overflow (the intent is not sent). */
    @Override
    public void offer(final OrderIntent intent) {
        final long p = produced.get();
        if (p - consumed.get() >= queue.length) {
            overflows++;
            return;
        }
        queue[(int) p & mask].copyFrom(intent);
        produced.lazySet(p + 1);
    }

    /** Writer thread: the broker sees a tick of {@code instrumentId} (bid/ask ≤ 0 when the tick has no depth). */
    public void onTick(final int instrumentId, final long ltp, final long bid, final long ask, final long eventTimeEpochMs) {
        broker.onTick(instrumentId, ltp, bid, ask, eventTimeEpochMs);
    }

    /**
     * Writer thread: waits until the logic has handled every event published so far, then places the
     * intents it produced (their acknowledgements are published and settled too). Returns the intents placed.
     */
    public int settle(final long eventTimeEpochMs) {
        int placed = 0;
        while (true) {
            awaitLogic(publisher.nextInputSequence() - 1);
            final int n = drain(eventTimeEpochMs);
            if (n == 0) {
                return placed;
            }
            placed += n;
        }
    }

    /** Writer thread: places every queued intent at the paper broker without waiting. */
    public int drain(final long eventTimeEpochMs) {
        long c = consumed.get();
        final long p = produced.get();
        final int n = (int) (p - c);
        for (; c < p; c++) {
            final OrderIntent i = queue[(int) c & mask];
            final byte result;
            switch (i.action) {
                case OrderIntent.PLACE:
                    broker.place(i.intentId, i.userId, i.instrumentId, i.side, i.quantity, i.orderType, i.product, i.validity,
                        i.price, i.triggerPrice, i.tag, i.tagLength, eventTimeEpochMs);
                    result = PaperBroker.OK;
                    break;
                case OrderIntent.MODIFY:
                    result = broker.modify(i.brokerOrderId, i.brokerOrderIdLength, i.quantity, i.price, i.triggerPrice, i.orderType,
                        eventTimeEpochMs);
                    break;
                default:
                    result = broker.cancel(i.brokerOrderId, i.brokerOrderIdLength, eventTimeEpochMs);
                    break;
            }
            if (result != PaperBroker.OK) {
                unknownOrders++;
            }
            consumed.lazySet(c + 1);
        }
        return n;
    }

    private void awaitLogic(final long sequence) {
        int spins = 0;
        while (logicSequence.getAsLong() < sequence) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Writer thread: the broker's update becomes an ORDER_UPDATE event. */
    @Override
    public void onOrderUpdate(final long intentId, final int userId, final int instrumentId, final byte[] orderId, final int orderIdLength,
                              final byte[] tag, final int tagLength, final byte status, final byte side, final byte orderType,
                              final byte product, final long quantity, final long filledQuantity, final long price,
                              final long triggerPrice, final long averagePrice, final long eventTimeEpochMs) {
        final long slot = publisher.claim(EventKind.ORDER_UPDATE, eventTimeEpochMs);
        final InputEvent e = publisher.event(slot);
        e.userId = userId;
        e.instrumentId = instrumentId;
        e.intentId = intentId;
        System.arraycopy(orderId, 0, e.brokerOrderId, 0, orderIdLength);
        e.brokerOrderIdLength = orderIdLength;
        System.arraycopy(tag, 0, e.tag, 0, tagLength);
        e.tagLength = tagLength;
        e.orderStatus = status;
        e.side = side;
        e.orderType = orderType;
        e.product = product;
        e.validity = 0;
        e.quantity = quantity;
        e.filledQuantity = filledQuantity;
        e.pendingQuantity = quantity - filledQuantity;
        e.price = price;
        e.triggerPrice = triggerPrice;
        e.averagePrice = averagePrice;
        e.textLength = 0;
        publisher.publish(slot);
        updatesPublished++;
    }

    public PaperBroker broker() {
        return broker;
    }

    /** Intents that found the queue full (never expected in lockstep). */
    public long overflows() {
        return overflows;
    }

    /** Modify/cancel intents naming an order the broker does not have open. */
    public long unknownOrders() {
        return unknownOrders;
    }

    public long updatesPublished() {
        return updatesPublished;
    }
}

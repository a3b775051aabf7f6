package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.OrderIntent;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.event.InputEvent;

/**
 * The logic's order outbox in a live run: each intent is copied into the {@link IntentQueue} as the
 * order gateway's intent, tagged with the input that caused it (so it waits for the journal) and that
 * input's receive time (so tick-to-intent latency can be measured at the router). The instrument key
 * bytes come from the registry's own copy: no allocation per intent.
 *
 * <p>Threading: the logic thread.
 */
public final class RuleIntentOutbox implements OrderOutbox {
    private final IntentQueue queue;
    private final InstrumentRegistry instruments;
    private final LogicHandler logic;
    private long dropped;

    public RuleIntentOutbox(final IntentQueue queue, final InstrumentRegistry instruments, final LogicHandler logic) {
        this.queue = queue;
        this.instruments = instruments;
        this.logic = logic;
    }

    @Override
    public void offer(final OrderIntent i) {
        final io.kavach.order.OrderIntent out = queue.claim();
        if (out == null) {
            // the writer loop is not draining; the intent cannot be queued and the operator must know
            dropped++;
            LiveAlerts.STDERR.alert("order outbox full: intent " + i.intentId + " (" + i.tagString() + ") was not sent");
            return;
        }
        switch (i.action) {
            case OrderIntent.MODIFY:
                out.modify(i.intentId, 0).quantity(i.quantity).price(i.price).triggerPrice(i.triggerPrice)
                    .orderType(i.orderType).validity(i.validity);
                break;
            case OrderIntent.CANCEL:
                out.cancel(i.intentId, 0);
                break;
            default:
                out.place(i.intentId, i.side, i.quantity).orderType(i.orderType).product(i.product).validity(i.validity)
                    .price(i.price).triggerPrice(i.triggerPrice);
                final byte[] key = instruments.keyBytes(i.instrumentId);
                out.instrumentKey(key, 0, key.length);
                break;
        }
        out.exit(i.exit || i.action == OrderIntent.CANCEL);
        out.tag(i.tag, 0, i.tagLength);
        out.brokerOrderId(i.brokerOrderId, 0, i.brokerOrderIdLength);
        final InputEvent cause = logic.currentInput();
        queue.commit(cause == null ? -1 : cause.sequence, cause == null ? 0 : cause.receivedNanos);
    }

    public long dropped() {
        return dropped;
    }
}

package io.kavach.order.live;

import io.kavach.order.OrderIntent;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;

import java.nio.charset.StandardCharsets;

/**
 * The router's record of one order: what the engine asked for, what the broker last said, and the
 * retry/verification bookkeeping. One per place intent (allocated on submit) or per external order
 * found at the broker.
 *
 * <p>Threading: owned by the router's event loop.
 */
final class TrackedOrder implements OrderView {
    final long intentId;
    final boolean external;
    final boolean exit;
    final String tag;
    final String instrumentKey;
    final byte[] tagBytes;
    final byte[] keyBytes;
    byte side;
    byte orderType;
    byte product;
    byte validity;
    boolean amo;
    /** The intent asked for an after-market order; otherwise {@link #amo} follows the IST clock at send time. */
    boolean amoRequested;
    long quantity;
    long price;
    long triggerPrice;
    long disclosedQuantity;

    byte status;
    String brokerStatus;
    String reason;
    String brokerOrderId;
    byte[] brokerOrderIdBytes;
    long filledQuantity;
    long pendingQuantity;
    long averagePrice;
    long exchangeTimeEpochMs;
    int retryCount;
    long placedEpochMs;
    long firstFailureEpochMs;
    long lastRetryEpochMs;
    long lastStatusCheckEpochMs;
    boolean modifiedExternally;
    /** The answer to our last call was unreadable or the broker used an unknown status: the next poll settles it. */
    boolean needsReconcile;
    /** When the broker id became known (a book read sent before this cannot list the order). */
    long acceptedEpochMs;
    /** The reconciliation book read that last listed this order. */
    int seenInBook;
    /** Dropped by the user: never retried, not listed as failed. */
    boolean dropped;

    /** The place call (queued, in flight, or waiting for a retry). */
    final Call placeCall;
    /** True while a place is queued, in flight, waiting for a retry, or its outcome is being looked up. */
    boolean placeActive;
    /** The order history is being searched by tag; the place must not be sent meanwhile. */
    boolean lookupPending;
    /** The place's ACCEPTED/REJECTED ack went out (exactly once per attempt series). */
    boolean acked;
    /** Modifies of ours that have not been answered yet: the broker's fields may lag behind ours. */
    int modifiesInFlight;
    /** A cancel that arrived while the place had no broker id yet; sent as soon as the id is known. */
    Call parkedCancel;
    /** The latest modify that arrived while the place was in flight or being looked up. */
    Call parkedModify;

    long verifyDueEpochMs;
    int verifyAttempts;
    boolean verifyReadQueued;

    TrackedOrder(final OrderIntent intent) {
        intentId = intent.intentId;
        external = false;
        exit = intent.exit;
        tagBytes = java.util.Arrays.copyOf(intent.tag, intent.tagLength);
        keyBytes = java.util.Arrays.copyOf(intent.instrumentKey, intent.instrumentKeyLength);
        tag = new String(tagBytes, StandardCharsets.US_ASCII);
        instrumentKey = new String(keyBytes, StandardCharsets.US_ASCII);
        side = intent.side;
        orderType = intent.orderType;
        product = intent.product;
        validity = intent.validity;
        amo = intent.amo;
        quantity = intent.quantity;
        price = intent.price;
        triggerPrice = intent.triggerPrice;
        disclosedQuantity = intent.disclosedQuantity;
        normalizePrices();
        status = OrderStatus.PENDING_SUBMIT;
        placeCall = new Call(Call.PLACE, this, intentId);
    }

    /** An order found at the broker that the engine did not place. */
    TrackedOrder(final io.kavach.order.BrokerOrderSnapshot s) {
        intentId = 0;
        external = true;
        exit = false;
        tag = s.tag;
        instrumentKey = s.instrumentKey == null ? "" : s.instrumentKey;
        tagBytes = tag == null ? new byte[0] : tag.getBytes(StandardCharsets.US_ASCII);
        keyBytes = instrumentKey.getBytes(StandardCharsets.US_ASCII);
        side = s.side;
        orderType = s.orderType;
        product = s.product;
        validity = s.validity;
        amo = s.amo;
        quantity = s.quantity;
        price = s.price;
        triggerPrice = s.triggerPrice;
        status = OrderStatus.SUBMITTED;
        placeCall = null;
        brokerOrderId(s.orderId);
    }

    /** A second broker order carrying {@code original}'s tag: tracked as external so its fate is reported. */
    TrackedOrder(final String orderId, final TrackedOrder original) {
        intentId = 0;
        external = true;
        exit = original.exit;
        tag = original.tag;
        instrumentKey = original.instrumentKey;
        tagBytes = original.tagBytes;
        keyBytes = original.keyBytes;
        side = original.side;
        orderType = original.orderType;
        product = original.product;
        validity = original.validity;
        amo = original.amo;
        quantity = original.quantity;
        price = original.price;
        triggerPrice = original.triggerPrice;
        status = io.kavach.order.OrderStatus.SUBMITTED;
        placeCall = null;
        brokerOrderId(orderId);
    }

    /** Keep exactly what goes on the wire (the encoder sends price 0 for MARKET/SL-M, trigger 0 unless SL/SL-M), so a broker read compares like with like. */
    void normalizePrices() {
        if (orderType == io.kavach.order.OrderCodes.TYPE_MARKET || orderType == io.kavach.order.OrderCodes.TYPE_SL_M) {
            price = 0;
        }
        if (orderType != io.kavach.order.OrderCodes.TYPE_SL && orderType != io.kavach.order.OrderCodes.TYPE_SL_M) {
            triggerPrice = 0;
        }
    }

    void brokerOrderId(final String id) {
        brokerOrderId = id;
        brokerOrderIdBytes = id.getBytes(StandardCharsets.US_ASCII);
    }

    @Override public long intentId() { return intentId; }
    @Override public boolean external() { return external; }
    @Override public byte status() { return status; }
    @Override public CharSequence brokerStatus() { return brokerStatus; }
    @Override public CharSequence reason() { return reason; }
    @Override public CharSequence brokerOrderId() { return brokerOrderId; }
    @Override public CharSequence tag() { return tag; }
    @Override public CharSequence instrumentKey() { return instrumentKey; }
    @Override public byte side() { return side; }
    @Override public byte orderType() { return orderType; }
    @Override public byte product() { return product; }
    @Override public byte validity() { return validity; }
    @Override public boolean amo() { return amo; }
    @Override public long quantity() { return quantity; }
    @Override public long price() { return price; }
    @Override public long triggerPrice() { return triggerPrice; }
    @Override public long filledQuantity() { return filledQuantity; }
    @Override public long pendingQuantity() { return pendingQuantity; }
    @Override public long averagePrice() { return averagePrice; }
    @Override public long exchangeTimeEpochMs() { return exchangeTimeEpochMs; }
    @Override public long placedEpochMs() { return placedEpochMs; }
    @Override public int retryCount() { return retryCount; }
    @Override public long firstFailureEpochMs() { return firstFailureEpochMs; }
    @Override public long lastRetryEpochMs() { return lastRetryEpochMs; }
    @Override public long lastStatusCheckEpochMs() { return lastStatusCheckEpochMs; }
    @Override public boolean modifiedExternally() { return modifiedExternally; }
    @Override public boolean uncertain() { return needsReconcile; }

    @Override
    public String toString() {
        return "Order{intent=" + intentId + (external ? ", external" : "") + ", tag=" + tag + ", id=" + brokerOrderId
                + ", status=" + OrderStatus.name(status) + ", broker=" + brokerStatus + ", reason=" + reason
                + ", retries=" + retryCount + '}';
    }
}

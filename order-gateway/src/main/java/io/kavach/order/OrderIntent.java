package io.kavach.order;

import java.nio.charset.StandardCharsets;

/**
 * A reusable, mutable order intent: primitive fields and fixed-size ASCII byte fields, no
 * {@code String}s. The caller fills one instance, hands it to {@link OrderRouter}, and may reuse it
 * at once: routers copy what they keep.
 *
 * <p>Prices are fixed point ({@link io.kavach.config.Prices#PRICE_SCALE}); codes are
 * {@link OrderCodes}. {@link #reset()} restores the defaults (product {@code D}, validity {@code DAY}).
 *
 * <p>Threading: owned by whoever fills it (the engine's event loop); not thread-safe.
 */
public final class OrderIntent {
    public static final byte ACTION_PLACE = 1;
    public static final byte ACTION_MODIFY = 2;
    public static final byte ACTION_CANCEL = 3;

    /** Modify: an order type or validity of 0 keeps the order's current one. */
    public static final byte CODE_UNCHANGED = 0;
    /** Modify: a negative price or trigger keeps the order's current one; a quantity of 0 or less keeps the broker's. */
    public static final long VALUE_UNCHANGED = -1;

    public static final int TAG_BYTES = 40;
    public static final int INSTRUMENT_KEY_BYTES = 64;
    public static final int ORDER_ID_BYTES = 40;

    public byte action;
    /** Deterministic id from the logic (input sequence and rule); unique per intent. */
    public long intentId;
    /** Modify/cancel: the intent id of the place being changed (0 when only the broker id is known). */
    public long targetIntentId;
    /** Exits (stop-loss, target, square-off) and cancels jump ahead of entries in the queue. */
    public boolean exit;
    public byte side;
    public byte orderType;
    public byte product;
    public byte validity;
    public long quantity;
    public long price;
    public long triggerPrice;
    public long disclosedQuantity;
    /** Force an after-market order; otherwise the router decides from the IST clock. */
    public boolean amo;
    /**
     * The engine may have sent this place before a restart: the router asks the order history by tag
     * first and places only if the broker has no live order with that tag.
     */
    public boolean lookupFirst;

    public final byte[] instrumentKey = new byte[INSTRUMENT_KEY_BYTES];
    public int instrumentKeyLength;
    public final byte[] tag = new byte[TAG_BYTES];
    public int tagLength;
    /** Modify/cancel: the broker's order id, when known to the caller. */
    public final byte[] brokerOrderId = new byte[ORDER_ID_BYTES];
    public int brokerOrderIdLength;

    public OrderIntent() {
        reset();
    }

    public OrderIntent reset() {
        action = ACTION_PLACE;
        intentId = 0;
        targetIntentId = 0;
        exit = false;
        side = 0;
        orderType = OrderCodes.TYPE_MARKET;
        product = OrderCodes.PRODUCT_DEFAULT;
        validity = OrderCodes.VALIDITY_DAY;
        quantity = 0;
        price = 0;
        triggerPrice = 0;
        disclosedQuantity = 0;
        amo = false;
        lookupFirst = false;
        instrumentKeyLength = 0;
        tagLength = 0;
        brokerOrderIdLength = 0;
        return this;
    }

    public OrderIntent place(final long intentId, final byte side, final long quantity) {
        this.action = ACTION_PLACE;
        this.intentId = intentId;
        this.side = side;
        this.quantity = quantity;
        return this;
    }

    public OrderIntent cancel(final long intentId, final long targetIntentId) {
        this.action = ACTION_CANCEL;
        this.intentId = intentId;
        this.targetIntentId = targetIntentId;
        this.exit = true;
        return this;
    }

    /** A modify that changes nothing yet: set only what should change, the rest keeps the order's current values. */
    public OrderIntent modify(final long intentId, final long targetIntentId) {
        this.action = ACTION_MODIFY;
        this.intentId = intentId;
        this.targetIntentId = targetIntentId;
        this.quantity = VALUE_UNCHANGED;
        this.price = VALUE_UNCHANGED;
        this.triggerPrice = VALUE_UNCHANGED;
        this.orderType = CODE_UNCHANGED;
        this.validity = CODE_UNCHANGED;
        return this;
    }

    public OrderIntent exit(final boolean exit) {
        this.exit = exit;
        return this;
    }

    public OrderIntent orderType(final byte orderType) {
        this.orderType = orderType;
        return this;
    }

    public OrderIntent product(final byte product) {
        this.product = product;
        return this;
    }

    public OrderIntent validity(final byte validity) {
        this.validity = validity;
        return this;
    }

    public OrderIntent quantity(final long quantity) {
        this.quantity = quantity;
        return this;
    }

    public OrderIntent price(final long price) {
        this.price = price;
        return this;
    }

    public OrderIntent triggerPrice(final long triggerPrice) {
        this.triggerPrice = triggerPrice;
        return this;
    }

    public OrderIntent amo(final boolean amo) {
        this.amo = amo;
        return this;
    }

    /** Copies ASCII bytes; returns false (and sets nothing) when they do not fit. */
    public boolean instrumentKey(final byte[] src, final int offset, final int length) {
        if (length > INSTRUMENT_KEY_BYTES) {
            return false;
        }
        System.arraycopy(src, offset, instrumentKey, 0, length);
        instrumentKeyLength = length;
        return true;
    }

    public boolean tag(final byte[] src, final int offset, final int length) {
        if (length > TAG_BYTES) {
            return false;
        }
        System.arraycopy(src, offset, tag, 0, length);
        tagLength = length;
        return true;
    }

    public boolean brokerOrderId(final byte[] src, final int offset, final int length) {
        if (length > ORDER_ID_BYTES) {
            return false;
        }
        System.arraycopy(src, offset, brokerOrderId, 0, length);
        brokerOrderIdLength = length;
        return true;
    }

    /** Convenience for setup code and tests (allocates). */
    public OrderIntent instrumentKey(final String key) {
        final byte[] b = key.getBytes(StandardCharsets.US_ASCII);
        if (!instrumentKey(b, 0, b.length)) {
            throw new IllegalArgumentException("instrument key longer than " + INSTRUMENT_KEY_BYTES + " bytes");
        }
        return this;
    }

    /** Convenience for setup code and tests (allocates). */
    public OrderIntent tag(final String value) {
        final byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        if (!tag(b, 0, b.length)) {
            throw new IllegalArgumentException("tag longer than " + TAG_BYTES + " bytes");
        }
        return this;
    }

    /** Convenience for setup code and tests (allocates). */
    public OrderIntent brokerOrderId(final String id) {
        final byte[] b = id.getBytes(StandardCharsets.US_ASCII);
        if (!brokerOrderId(b, 0, b.length)) {
            throw new IllegalArgumentException("order id longer than " + ORDER_ID_BYTES + " bytes");
        }
        return this;
    }

    @Override
    public String toString() {
        return "OrderIntent{action=" + action + ", intentId=" + intentId + ", target=" + targetIntentId
                + ", exit=" + exit + ", side=" + side + ", type=" + orderType + ", product=" + product
                + ", qty=" + quantity + ", price=" + price + ", trigger=" + triggerPrice
                + ", key=" + new String(instrumentKey, 0, instrumentKeyLength, StandardCharsets.US_ASCII)
                + ", tag=" + new String(tag, 0, tagLength, StandardCharsets.US_ASCII) + '}';
    }
}

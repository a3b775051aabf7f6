package io.kavach.feed.portfolio;

import java.nio.charset.StandardCharsets;

/**
 * One decoded portfolio-feed update, reused for every update (valid only during the callback).
 * Prices are fixed point ({@link io.kavach.config.Prices#PRICE_SCALE}), quantities {@code long},
 * enumerations small codes, short strings (order id, tag, status) bytes in fixed arrays with a
 * length (longer values are truncated and {@link #truncatedFields()} says how many). The update's
 * raw JSON stays reachable for journaling and for holding/GTT updates, whose fields the engine
 * does not use.
 *
 * <p>Threading: owned by the portfolio feed's event loop.
 */
public final class PortfolioUpdateView {
    public static final int TYPE_OTHER = 0;
    public static final int TYPE_ORDER = 1;
    public static final int TYPE_POSITION = 2;
    public static final int TYPE_HOLDING = 3;
    public static final int TYPE_GTT_ORDER = 4;

    public static final byte SIDE_BUY = 1;
    public static final byte SIDE_SELL = 2;
    public static final byte ORDER_TYPE_MARKET = 1;
    public static final byte ORDER_TYPE_LIMIT = 2;
    public static final byte ORDER_TYPE_SL = 3;
    public static final byte ORDER_TYPE_SL_M = 4;
    public static final byte PRODUCT_INTRADAY = 1;
    public static final byte PRODUCT_DELIVERY = 2;
    public static final byte PRODUCT_MTF = 3;
    public static final byte VALIDITY_DAY = 1;
    public static final byte VALIDITY_IOC = 2;

    /** Bytes kept of ids, tags and keys (tags are at most 40 characters). */
    public static final int ID_BYTES = 40;
    /** Bytes kept of a status message. */
    public static final int TEXT_BYTES = 128;

    int type;
    int instrumentId;
    byte side;
    byte orderType;
    byte product;
    byte validity;
    boolean amo;
    long price;
    long triggerPrice;
    long averagePrice;
    long quantity;
    long disclosedQuantity;
    long pendingQuantity;
    long filledQuantity;
    long orderTimeEpochMs;
    long exchangeTimeEpochMs;
    final byte[] orderId = new byte[ID_BYTES];
    int orderIdLength;
    final byte[] exchangeOrderId = new byte[ID_BYTES];
    int exchangeOrderIdLength;
    final byte[] tag = new byte[ID_BYTES];
    int tagLength;
    final byte[] status = new byte[ID_BYTES];
    int statusLength;
    final byte[] statusMessage = new byte[TEXT_BYTES];
    int statusMessageLength;
    final byte[] instrumentKey = new byte[ID_BYTES * 2];
    int instrumentKeyLength;
    int truncatedFields;
    byte[] json;
    int jsonOffset;
    int jsonLength;

    void reset() {
        type = TYPE_OTHER;
        instrumentId = -1;
        side = orderType = product = validity = 0;
        amo = false;
        price = triggerPrice = averagePrice = 0;
        quantity = disclosedQuantity = pendingQuantity = filledQuantity = 0;
        orderTimeEpochMs = exchangeTimeEpochMs = 0;
        orderIdLength = exchangeOrderIdLength = tagLength = statusLength = statusMessageLength = instrumentKeyLength = 0;
        truncatedFields = 0;
    }

    /** {@code TYPE_*} from {@code update_type}. */
    public int type() {
        return type;
    }

    /** Registry id of {@code instrument_key} (or {@code instrument_token}), -1 when absent or not registered. */
    public int instrumentId() {
        return instrumentId;
    }

    /** {@code SIDE_*} from {@code transaction_type}, 0 when absent or unknown. */
    public byte side() {
        return side;
    }

    /** {@code ORDER_TYPE_*}, 0 when absent or unknown. */
    public byte orderType() {
        return orderType;
    }

    /** {@code PRODUCT_*}, 0 when absent or unknown. */
    public byte product() {
        return product;
    }

    /** {@code VALIDITY_*}, 0 when absent or unknown. */
    public byte validity() {
        return validity;
    }

    public boolean amo() {
        return amo;
    }

    public long price() {
        return price;
    }

    public long triggerPrice() {
        return triggerPrice;
    }

    public long averagePrice() {
        return averagePrice;
    }

    /** Order quantity; for a position update, the signed net quantity. */
    public long quantity() {
        return quantity;
    }

    public long disclosedQuantity() {
        return disclosedQuantity;
    }

    public long pendingQuantity() {
        return pendingQuantity;
    }

    public long filledQuantity() {
        return filledQuantity;
    }

    /** {@code order_timestamp} (IST wall time) as epoch ms, 0 when absent or unreadable. */
    public long orderTimeEpochMs() {
        return orderTimeEpochMs;
    }

    /** {@code exchange_timestamp} as epoch ms, 0 when absent or unreadable. */
    public long exchangeTimeEpochMs() {
        return exchangeTimeEpochMs;
    }

    /** Copies the order id into {@code into} and returns its length. */
    public int orderId(final byte[] into) {
        System.arraycopy(orderId, 0, into, 0, Math.min(orderIdLength, into.length));
        return orderIdLength;
    }

    public int exchangeOrderId(final byte[] into) {
        System.arraycopy(exchangeOrderId, 0, into, 0, Math.min(exchangeOrderIdLength, into.length));
        return exchangeOrderIdLength;
    }

    public int tag(final byte[] into) {
        System.arraycopy(tag, 0, into, 0, Math.min(tagLength, into.length));
        return tagLength;
    }

    /** The exact Upstox status string's bytes, e.g. {@code trigger pending}. */
    public int status(final byte[] into) {
        System.arraycopy(status, 0, into, 0, Math.min(statusLength, into.length));
        return statusLength;
    }

    /** Whether the status equals {@code expected} (ASCII), without allocating. */
    public boolean statusIs(final String expected) {
        if (expected.length() != statusLength) {
            return false;
        }
        for (int i = 0; i < statusLength; i++) {
            if (status[i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public int statusMessage(final byte[] into) {
        System.arraycopy(statusMessage, 0, into, 0, Math.min(statusMessageLength, into.length));
        return statusMessageLength;
    }

    /** Fields cut to their byte capacity in this update. */
    public int truncatedFields() {
        return truncatedFields;
    }

    /** The update's raw JSON: {@code json()[jsonOffset(), jsonOffset()+jsonLength())}. */
    public byte[] json() {
        return json;
    }

    public int jsonOffset() {
        return jsonOffset;
    }

    public int jsonLength() {
        return jsonLength;
    }

    // ---- cold path (messages, tests) -------------------------------------------------------------

    public String orderIdText() {
        return new String(orderId, 0, orderIdLength, StandardCharsets.UTF_8);
    }

    public String tagText() {
        return new String(tag, 0, tagLength, StandardCharsets.UTF_8);
    }

    public String statusText() {
        return new String(status, 0, statusLength, StandardCharsets.UTF_8);
    }

    public String statusMessageText() {
        return new String(statusMessage, 0, statusMessageLength, StandardCharsets.UTF_8);
    }

    public String instrumentKeyText() {
        return new String(instrumentKey, 0, instrumentKeyLength, StandardCharsets.UTF_8);
    }
}

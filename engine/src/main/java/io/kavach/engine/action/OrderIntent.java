package io.kavach.engine.action;

import io.kavach.engine.event.InputEvent;
import io.kavach.order.OrderCodes;

import java.nio.charset.StandardCharsets;

/**
 * An order the logic decided to send: place, modify or cancel, with a deterministic id and broker
 * tag. A mutable flyweight reused for every intent: an {@link OrderOutbox} copies what it keeps.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class OrderIntent {
    public static final byte PLACE = 1;
    public static final byte MODIFY = 2;
    public static final byte CANCEL = 3;

    public byte action;
    public long intentId;
    public int userId;
    /** Rule that fired, 0 for risk flattening. */
    public long ruleId;
    public int fireNumber;
    public int instrumentId;
    public byte side;
    public long quantity;
    public byte orderType;
    public byte product;
    public byte validity;
    /** Fixed point; 0 when not applicable. For MODIFY, -1 = unchanged. */
    public long price;
    public long triggerPrice;
    /** Reduce-only exit. */
    public boolean exit;
    public final byte[] tag = new byte[InputEvent.ID_BYTES];
    public int tagLength;
    /** Broker order id a MODIFY/CANCEL refers to. */
    public final byte[] brokerOrderId = new byte[InputEvent.ID_BYTES];
    public int brokerOrderIdLength;
    /** Event time of the step that produced the intent. */
    public long eventTimeEpochMs;

    public void copyFrom(final OrderIntent o) {
        action = o.action;
        intentId = o.intentId;
        userId = o.userId;
        ruleId = o.ruleId;
        fireNumber = o.fireNumber;
        instrumentId = o.instrumentId;
        side = o.side;
        quantity = o.quantity;
        orderType = o.orderType;
        product = o.product;
        validity = o.validity;
        price = o.price;
        triggerPrice = o.triggerPrice;
        exit = o.exit;
        System.arraycopy(o.tag, 0, tag, 0, o.tagLength);
        tagLength = o.tagLength;
        System.arraycopy(o.brokerOrderId, 0, brokerOrderId, 0, o.brokerOrderIdLength);
        brokerOrderIdLength = o.brokerOrderIdLength;
        eventTimeEpochMs = o.eventTimeEpochMs;
    }

    /** Cold path (logs, tests, backtest output). */
    public String tagString() {
        return new String(tag, 0, tagLength, StandardCharsets.US_ASCII);
    }

    /** Cold path. */
    public String brokerOrderIdString() {
        return new String(brokerOrderId, 0, brokerOrderIdLength, StandardCharsets.US_ASCII);
    }

    public static String actionName(final byte action) {
        return action == PLACE ? "place" : action == MODIFY ? "modify" : action == CANCEL ? "cancel" : "?";
    }

    @Override
    public String toString() {
        return actionName(action) + "{id=" + intentId + ", tag=" + tagString() + ", user=" + userId + ", instrument=" + instrumentId
            + ", " + OrderCodes.sideWire(side) + " " + quantity + " " + OrderCodes.typeWire(orderType) + ", price=" + price
            + ", trigger=" + triggerPrice + (exit ? ", exit" : "") + (brokerOrderIdLength > 0 ? ", order=" + brokerOrderIdString() : "") + "}";
    }
}

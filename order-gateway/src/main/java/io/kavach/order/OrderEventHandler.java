package io.kavach.order;

/**
 * What an {@link OrderRouter} reports back. The engine adapts these onto ORDER_ACK, ORDER_UPDATE and
 * POSITION_UPDATE ring events. Called on the router's event loop; views are valid only during the call.
 */
public interface OrderEventHandler {
    /**
     * The fate of one intent: {@code action} is {@link OrderIntent#ACTION_PLACE} etc., {@code ackCode}
     * an {@link AckCode}; {@code intentId} is the modify/cancel intent's own id for those actions.
     * {@code order} is null when an intent the router refused names no order it knows.
     */
    void onOrderAck(long intentId, byte action, byte ackCode, OrderView order);

    /** The order's state changed: broker status, fill, manual cancel/modify, or a newly seen external order. */
    void onOrderUpdate(OrderView order);

    /** A position as the broker reports it (reconciliation); a manual close shows up as net 0. */
    void onPositionUpdate(CharSequence instrumentKey, byte product, long netQuantity, long asOfEpochMs);

    /** Something the user should see but that did not stop the order (e.g. intraday close to square-off). */
    void onWarning(long intentId, int warningCode, String message);

    /** The broker refused the access token (401): the router stops sending until a new token is set. */
    void onTokenRejected();

    /** Warning codes for {@link #onWarning}. */
    int WARN_INTRADAY_LATE = 1;
    int WARN_INTRADAY_OPEN_AT_SQUARE_OFF = 2;
    int WARN_BAD_BROKER_ANSWER = 3;
}

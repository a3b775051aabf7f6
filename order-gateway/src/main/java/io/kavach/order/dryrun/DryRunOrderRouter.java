package io.kavach.order.dryrun;

import io.kavach.order.AckCode;
import io.kavach.order.LocalOrderRouter;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;
import io.kavach.order.SubmitResult;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Dry-run mode: every intent is validated, logged (product included) and acknowledged as
 * {@link AckCode#NOOP}; nothing leaves the process and no network client exists.
 *
 * <p>Threading: owned by the engine's event loop.
 */
public final class DryRunOrderRouter extends LocalOrderRouter {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunOrderRouter.class);

    private final OrderEventHandler handler;
    private final Long2ObjectHashMap<DryRunOrder> orders = new Long2ObjectHashMap<>();
    private long intentsLogged;

    public DryRunOrderRouter(final OrderEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public int submit(final OrderIntent in) {
        if (closed()) {
            return SubmitResult.CLOSED;
        }
        final DryRunOrder order;
        if (in.action == OrderIntent.ACTION_PLACE) {
            if (in.intentId == 0 || in.quantity <= 0 || OrderCodes.productWire(in.product) == null
                    || OrderCodes.sideWire(in.side) == null || OrderCodes.typeWire(in.orderType) == null) {
                LOG.warn("dry-run place intent {} refused: missing id or quantity, or an unknown code", in.intentId);
                return SubmitResult.INVALID_INTENT;
            }
            if (orders.containsKey(in.intentId)) {
                return SubmitResult.DUPLICATE_INTENT;
            }
            order = new DryRunOrder(in);
            orders.put(in.intentId, order);
        } else if (in.action == OrderIntent.ACTION_MODIFY || in.action == OrderIntent.ACTION_CANCEL) {
            order = orders.get(in.targetIntentId);
            if (order == null) {
                LOG.warn("dry-run {} intent {} refused: target intent {} unknown", in.action == OrderIntent.ACTION_CANCEL ? "cancel" : "modify",
                        in.intentId, in.targetIntentId);
                return SubmitResult.UNKNOWN_ORDER;
            }
            if (in.action == OrderIntent.ACTION_CANCEL) {
                order.status = OrderStatus.CANCELLED;
            } else {
                // unchanged fields keep the order's values, as at the live broker
                order.quantity = in.quantity > 0 ? in.quantity : order.quantity;
                order.price = in.price >= 0 ? in.price : order.price;
                order.triggerPrice = in.triggerPrice >= 0 ? in.triggerPrice : order.triggerPrice;
            }
        } else {
            return SubmitResult.INVALID_INTENT;
        }
        intentsLogged++;
        LOG.info("dry-run {} intent {} target {} {} {} qty {} product {} type {} validity {} price {} trigger {} tag {} (not sent)",
                in.action == OrderIntent.ACTION_PLACE ? "place" : in.action == OrderIntent.ACTION_MODIFY ? "modify" : "cancel",
                in.intentId, in.targetIntentId, OrderCodes.sideWire(in.side), order.instrumentKey, in.quantity,
                OrderCodes.productWire(order.product), OrderCodes.typeWire(in.orderType), OrderCodes.validityWire(in.validity),
                in.price, in.triggerPrice, order.tag);
        handler.onOrderAck(in.intentId, in.action, AckCode.NOOP, order);
        return SubmitResult.HANDLED_LOCALLY;
    }

    public long intentsLogged() {
        return intentsLogged;
    }

    @Override
    protected boolean knows(final long intentId) {
        return orders.containsKey(intentId);
    }

    /** What a dry-run order would have been. */
    private static final class DryRunOrder implements OrderView {
        final long intentId;
        final String tag;
        final String instrumentKey;
        final byte side;
        final byte orderType;
        final byte product;
        final byte validity;
        byte status = OrderStatus.PENDING_SUBMIT;
        long quantity;
        long price;
        long triggerPrice;

        DryRunOrder(final OrderIntent in) {
            intentId = in.intentId;
            tag = new String(in.tag, 0, in.tagLength, StandardCharsets.US_ASCII);
            instrumentKey = new String(in.instrumentKey, 0, in.instrumentKeyLength, StandardCharsets.US_ASCII);
            side = in.side;
            orderType = in.orderType;
            product = in.product;
            validity = in.validity;
            quantity = in.quantity;
            price = in.price;
            triggerPrice = in.triggerPrice;
        }

        @Override public long intentId() { return intentId; }
        @Override public boolean external() { return false; }
        @Override public byte status() { return status; }
        @Override public CharSequence brokerStatus() { return null; }
        @Override public CharSequence reason() { return "dry-run: not sent"; }
        @Override public CharSequence brokerOrderId() { return null; }
        @Override public CharSequence tag() { return tag; }
        @Override public CharSequence instrumentKey() { return instrumentKey; }
        @Override public byte side() { return side; }
        @Override public byte orderType() { return orderType; }
        @Override public byte product() { return product; }
        @Override public byte validity() { return validity; }
        @Override public boolean amo() { return false; }
        @Override public long quantity() { return quantity; }
        @Override public long price() { return price; }
        @Override public long triggerPrice() { return triggerPrice; }
        @Override public long filledQuantity() { return 0; }
        @Override public long pendingQuantity() { return 0; }
        @Override public long averagePrice() { return 0; }
        @Override public long exchangeTimeEpochMs() { return 0; }
        @Override public long placedEpochMs() { return 0; }
        @Override public int retryCount() { return 0; }
        @Override public long firstFailureEpochMs() { return 0; }
        @Override public long lastRetryEpochMs() { return 0; }
        @Override public long lastStatusCheckEpochMs() { return 0; }
        @Override public boolean modifiedExternally() { return false; }
        @Override public boolean uncertain() { return false; }
    }
}

package io.kavach.order.testserver;

import io.kavach.order.AckCode;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;

import java.util.ArrayList;
import java.util.List;

/** Records every callback (copying the view's fields, as the engine would). Written on the router's event loop. */
public final class RecordingOrderEventHandler implements OrderEventHandler {
    public static final class Ack {
        public final long intentId;
        public final byte action;
        public final byte code;
        public final byte status;
        public final String brokerOrderId;
        public final String reason;

        Ack(final long intentId, final byte action, final byte code, final OrderView o) {
            this.intentId = intentId;
            this.action = action;
            this.code = code;
            // a refused intent for no known order is acknowledged without a view
            this.status = o == null ? 0 : o.status();
            this.brokerOrderId = o == null || o.brokerOrderId() == null ? null : o.brokerOrderId().toString();
            this.reason = o == null || o.reason() == null ? null : o.reason().toString();
        }

        @Override
        public String toString() {
            return "Ack{" + intentId + " action=" + action + " " + AckCode.name(code) + " " + OrderStatus.name(status)
                    + " id=" + brokerOrderId + " reason=" + reason + '}';
        }
    }

    public static final class Update {
        public final long intentId;
        public final boolean external;
        public final byte status;
        public final String brokerOrderId;
        public final String brokerStatus;
        public final long quantity;
        public final long price;
        public final long filledQuantity;
        public final boolean modifiedExternally;

        Update(final OrderView o) {
            intentId = o.intentId();
            external = o.external();
            status = o.status();
            brokerOrderId = o.brokerOrderId() == null ? null : o.brokerOrderId().toString();
            brokerStatus = o.brokerStatus() == null ? null : o.brokerStatus().toString();
            quantity = o.quantity();
            price = o.price();
            filledQuantity = o.filledQuantity();
            modifiedExternally = o.modifiedExternally();
        }

        @Override
        public String toString() {
            return "Update{" + intentId + (external ? " external" : "") + " " + OrderStatus.name(status) + " id=" + brokerOrderId
                    + " broker=" + brokerStatus + " qty=" + quantity + " price=" + price + '}';
        }
    }

    public final List<Ack> acks = new ArrayList<>();
    public final List<Update> updates = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final List<String> positions = new ArrayList<>();
    public int tokenRejections;

    @Override
    public void onOrderAck(final long intentId, final byte action, final byte ackCode, final OrderView order) {
        acks.add(new Ack(intentId, action, ackCode, order));
    }

    @Override
    public void onOrderUpdate(final OrderView order) {
        updates.add(new Update(order));
    }

    @Override
    public void onPositionUpdate(final CharSequence instrumentKey, final byte product, final long netQuantity, final long asOfEpochMs) {
        positions.add(instrumentKey + "/" + product + "=" + netQuantity);
    }

    @Override
    public void onWarning(final long intentId, final int warningCode, final String message) {
        warnings.add(intentId + ":" + warningCode + ":" + message);
    }

    @Override
    public void onTokenRejected() {
        tokenRejections++;
    }

    public List<Ack> acksFor(final long intentId) {
        final List<Ack> out = new ArrayList<>();
        for (final Ack a : acks) {
            if (a.intentId == intentId) {
                out.add(a);
            }
        }
        return out;
    }
}

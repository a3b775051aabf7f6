package io.kavach.sim.order;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.Prices;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON shapes of orders, trades and positions as Upstox's REST answers and portfolio feed
 * carry them. Nullable fields are written as {@code null}; times are IST {@code yyyy-MM-dd HH:mm:ss}.
 *
 * <p>Stateless; safe on any thread.
 */
public final class OrderJson {
    public static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(IST);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OrderJson() {
    }

    public static String timestamp(final long epochMs) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMs));
    }

    static double rupees(final double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    /** An order as {@code /v2/order/details}, the order book and history entries show it. */
    public static ObjectNode order(final SimOrder o) {
        final ObjectNode n = NODES.objectNode();
        n.put("exchange", o.exchange);
        n.put("product", o.product);
        n.put("price", Prices.toDouble(o.priceFixed));
        n.put("quantity", o.quantity);
        n.put("status", o.status);
        n.putNull("guid");
        putNullable(n, "tag", o.tag);
        n.put("instrument_token", o.instrumentKey);
        n.put("placed_by", o.userId);
        n.put("trading_symbol", o.tradingSymbol);
        n.put("tradingsymbol", o.tradingSymbol);
        n.put("order_type", o.orderType);
        n.put("validity", o.validity);
        n.put("trigger_price", Prices.toDouble(o.triggerPriceFixed));
        n.put("disclosed_quantity", o.disclosedQuantity);
        n.put("transaction_type", o.transactionType);
        n.put("average_price", Prices.toDouble(o.averagePriceFixed));
        n.put("filled_quantity", o.filledQuantity);
        n.put("pending_quantity", o.isFinal() ? 0 : o.quantity - o.filledQuantity);
        putNullable(n, "status_message", o.statusMessage);
        putNullable(n, "status_message_raw", o.statusMessage);
        putNullable(n, "exchange_order_id", o.exchangeOrderId);
        n.putNull("parent_order_id");
        n.put("order_id", o.orderId);
        n.put("variety", "SIMPLE");
        n.put("order_timestamp", timestamp(o.orderTimestampMs));
        putNullable(n, "exchange_timestamp", o.exchangeTimestampMs == 0 ? null : timestamp(o.exchangeTimestampMs));
        n.put("is_amo", o.amo);
        n.put("order_request_id", String.valueOf(o.modifications + 1));
        n.putNull("order_ref_id");
        return n;
    }

    /** An order update as the portfolio feed sends it (PROTOCOL.md §2). */
    public static ObjectNode orderUpdate(final SimOrder o, final String guid) {
        final ObjectNode n = NODES.objectNode();
        n.put("update_type", "order");
        n.put("user_id", o.userId);
        n.put("instrument_key", o.instrumentKey);
        n.setAll(order(o));
        n.remove("tradingsymbol");
        n.put("guid", guid);
        return n;
    }

    public static ObjectNode trade(final SimOrder o, final String tradeId, final long quantity, final long priceFixed,
                                   final long timeMs) {
        final ObjectNode n = NODES.objectNode();
        n.put("exchange", o.exchange);
        n.put("product", o.product);
        n.put("trading_symbol", o.tradingSymbol);
        n.put("tradingsymbol", o.tradingSymbol);
        n.put("instrument_token", o.instrumentKey);
        n.put("order_type", o.orderType);
        n.put("transaction_type", o.transactionType);
        n.put("quantity", quantity);
        n.put("exchange_order_id", o.exchangeOrderId);
        n.put("order_id", o.orderId);
        n.put("exchange_timestamp", timestamp(timeMs));
        n.put("average_price", Prices.toDouble(priceFixed));
        n.put("trade_id", tradeId);
        n.putNull("order_ref_id");
        n.put("order_timestamp", timestamp(o.orderTimestampMs));
        return n;
    }

    /** A position as {@code /v2/portfolio/short-term-positions} lists it. */
    public static ObjectNode position(final Position p, final long lastPriceFixed, final long closePriceFixed) {
        final double last = Prices.toDouble(lastPriceFixed);
        final ObjectNode n = NODES.objectNode();
        n.put("exchange", p.exchange);
        n.put("multiplier", 1.0);
        n.put("value", rupees(p.sellValue - p.buyValue));
        n.put("pnl", rupees(p.realised() + p.unrealised(last)));
        n.put("product", p.product);
        n.put("instrument_token", p.instrumentKey);
        n.put("average_price", rupees(p.averagePrice()));
        n.put("buy_value", rupees(p.buyValue));
        n.put("overnight_quantity", 0);
        n.put("day_buy_value", rupees(p.buyValue));
        n.put("day_buy_price", rupees(p.buyPrice()));
        n.put("overnight_buy_amount", 0.0);
        n.put("overnight_buy_quantity", 0);
        n.put("day_buy_quantity", p.buyQuantity);
        n.put("day_sell_value", rupees(p.sellValue));
        n.put("day_sell_price", rupees(p.sellPrice()));
        n.put("overnight_sell_amount", 0.0);
        n.put("overnight_sell_quantity", 0);
        n.put("day_sell_quantity", p.sellQuantity);
        n.put("quantity", p.netQuantity());
        n.put("last_price", last);
        n.put("unrealised", rupees(p.unrealised(last)));
        n.put("realised", rupees(p.realised()));
        n.put("sell_value", rupees(p.sellValue));
        n.put("trading_symbol", p.tradingSymbol);
        n.put("tradingsymbol", p.tradingSymbol);
        n.put("close_price", Prices.toDouble(closePriceFixed));
        n.put("buy_price", rupees(p.buyPrice()));
        n.put("sell_price", rupees(p.sellPrice()));
        return n;
    }

    /** A position update as the portfolio feed sends it: the REST position plus update_type and user_id. */
    public static ObjectNode positionUpdate(final Position p, final long lastPriceFixed, final long closePriceFixed) {
        final ObjectNode n = NODES.objectNode();
        n.put("update_type", "position");
        n.put("user_id", p.userId);
        n.put("instrument_key", p.instrumentKey);
        n.setAll(position(p, lastPriceFixed, closePriceFixed));
        n.remove("tradingsymbol");
        return n;
    }

    private static void putNullable(final ObjectNode n, final String field, final String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}

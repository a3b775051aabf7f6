package io.kavach.sim.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.time.MarketClock;
import io.kavach.sim.market.SimInstrument;
import io.kavach.sim.market.SimMarket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The simulated broker: accepts orders, walks them through Upstox's statuses and fills them
 * against the simulated market.
 *
 * <ul>
 *   <li>Path: put order req received → validation pending → open pending → open (or trigger
 *       pending for SL/SL-M) → complete; each step one portfolio update and one history entry,
 *       {@code stepDelayMs} apart (0 = the next loop task, after the REST answer is written).</li>
 *   <li>MARKET fills at the touch (ask for a buy, bid for a sell: one tick either side of the last
 *       price). A LIMIT that is marketable when it opens fills at the touch; otherwise it rests and
 *       fills at its limit once the last price trades through it (strictly beyond). SL/SL-M trigger
 *       when the last price reaches the trigger, then act as LIMIT/MARKET. IOC leftovers cancel.</li>
 *   <li>Whole fills, one trade per order — or, with partial fills on, at most the touch quantity
 *       (at the touch) or the print's quantity (trading through) per match, the order staying
 *       "open" with a growing filled_quantity. AMO orders wait in "after market order req
 *       received" until the continuous session.</li>
 * </ul>
 *
 * <p>Owned by the simulator's event loop.
 */
public final class MatchingEngine implements SimMarket.MarketListener {
    /** Outcome of a modify or cancel. */
    public enum Outcome { OK, NOT_FOUND, ALREADY_FINAL }

    private final SimMarket market;
    private final ScheduledExecutorService loop;
    private final PortfolioSink sink;
    private final Supplier<String> rejectionFault;
    private final long stepDelayMs;
    private final boolean partialFills;
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, List<SimOrder>> working = new HashMap<>();
    private final Map<String, Map<String, Position>> positions = new LinkedHashMap<>();
    private final List<ObjectNode> trades = new ArrayList<>();
    private final Map<String, List<ObjectNode>> tradesByUser = new HashMap<>();
    private final List<SimOrder> afterMarket = new ArrayList<>();
    private long orderSeq;
    private long exchangeSeq;
    private long tradeSeq;

    /**
     * @param rejectionFault returns a rejection message when the next order must be rejected
     *                       (a scripted fault), null otherwise
     * @param partialFills   fill at most the touch quantity (at the touch) or the print's quantity
     *                       (trading through) at a time; false = whole fills
     */
    public MatchingEngine(final SimMarket market, final ScheduledExecutorService loop, final PortfolioSink sink,
                          final Supplier<String> rejectionFault, final long stepDelayMs, final boolean partialFills) {
        this.market = market;
        this.loop = loop;
        this.sink = sink;
        this.rejectionFault = rejectionFault;
        this.stepDelayMs = stepDelayMs;
        this.partialFills = partialFills;
    }

    // ---------------------------------------------------------------- requests

    /** Accepts an order; it starts in "put order req received" and moves on asynchronously. */
    public SimOrder place(final String userId, final OrderRequest r) {
        final long now = market.marketTimeMs();
        final SimInstrument s = market.instrument(r.instrumentKey());
        final String symbol = s != null ? s.tradingSymbol : r.instrumentKey().substring(r.instrumentKey().indexOf('|') + 1);
        final String id = String.format("%s%09d", OrderJson.timestamp(now).substring(2, 10).replace("-", ""), ++orderSeq);
        final SimOrder o = new SimOrder(id, userId, r, symbol, exchangeOf(r.instrumentKey()), now);
        orders.put(id, o);
        transition(o, OrderStatus.PUT_ORDER_REQ_RECEIVED, null);
        later(() -> validate(o));
        return o;
    }

    public Outcome modify(final String userId, final ModifyRequest m) {
        final SimOrder o = find(userId, m.orderId());
        if (o == null) {
            return Outcome.NOT_FOUND;
        }
        if (o.isFinal()) {
            return Outcome.ALREADY_FINAL;
        }
        o.orderType = m.orderType();
        o.validity = m.validity();
        if (m.quantity() > 0) {
            o.quantity = Math.max(m.quantity(), o.filledQuantity); // never below what has already traded
        }
        o.disclosedQuantity = m.disclosedQuantity();
        o.priceFixed = m.priceFixed();
        o.triggerPriceFixed = m.triggerPriceFixed();
        o.modifications++;
        if (OrderStatus.OPEN.equals(o.status) || OrderStatus.TRIGGER_PENDING.equals(o.status)) {
            transition(o, OrderStatus.MODIFY_VALIDATION_PENDING, null);
            later(() -> {
                if (OrderStatus.MODIFY_VALIDATION_PENDING.equals(o.status)) {
                    transition(o, OrderStatus.MODIFY_PENDING, null);
                    later(() -> {
                        if (OrderStatus.MODIFY_PENDING.equals(o.status)) {
                            open(o);
                        }
                    });
                }
            });
        } else if (OrderStatus.AFTER_MARKET_ORDER_REQ_RECEIVED.equals(o.status)) {
            transition(o, OrderStatus.MODIFY_AFTER_MARKET_ORDER_REQ_RECEIVED, null);
            transition(o, OrderStatus.AFTER_MARKET_ORDER_REQ_RECEIVED, null);
        }
        // an order still in its first steps simply carries the new values on
        return Outcome.OK;
    }

    public Outcome cancel(final String userId, final String orderId) {
        final SimOrder o = find(userId, orderId);
        if (o == null) {
            return Outcome.NOT_FOUND;
        }
        if (o.isFinal()) {
            return Outcome.ALREADY_FINAL;
        }
        removeWorking(o);
        final boolean amo = OrderStatus.AFTER_MARKET_ORDER_REQ_RECEIVED.equals(o.status);
        transition(o, OrderStatus.CANCEL_PENDING, null);
        later(() -> {
            if (OrderStatus.CANCEL_PENDING.equals(o.status)) {
                transition(o, amo ? OrderStatus.CANCELLED_AFTER_MARKET_ORDER : OrderStatus.CANCELLED, null);
            }
        });
        return Outcome.OK;
    }

    // ---------------------------------------------------------------- reads

    public SimOrder find(final String userId, final String orderId) {
        final SimOrder o = orderId == null ? null : orders.get(orderId);
        return o != null && o.userId.equals(userId) ? o : null;
    }

    public List<ObjectNode> orderBook(final String userId) {
        final List<ObjectNode> out = new ArrayList<>();
        for (SimOrder o : orders.values()) {
            if (o.userId.equals(userId)) {
                out.add(OrderJson.order(o));
            }
        }
        return out;
    }

    /** History entries of one order, or of every order carrying {@code tag} (either may be null, not both). */
    public List<ObjectNode> history(final String userId, final String orderId, final String tag) {
        final List<ObjectNode> out = new ArrayList<>();
        for (SimOrder o : orders.values()) {
            if (o.userId.equals(userId) && (orderId == null || orderId.equals(o.orderId))
                && (tag == null || tag.equals(o.tag))) {
                for (ObjectNode h : o.history) {
                    out.add(h.deepCopy());
                }
            }
        }
        return out;
    }

    public List<ObjectNode> trades(final String userId) {
        return List.copyOf(tradesByUser.getOrDefault(userId, List.of()));
    }

    public List<ObjectNode> positions(final String userId) {
        final List<ObjectNode> out = new ArrayList<>();
        for (Position p : positions.getOrDefault(userId, Map.of()).values()) {
            out.add(positionJson(p, false));
        }
        return out;
    }

    /** Every order of every user, as JSON snapshots (for tests). */
    public List<ObjectNode> allOrders() {
        final List<ObjectNode> out = new ArrayList<>();
        for (SimOrder o : orders.values()) {
            out.add(OrderJson.order(o));
        }
        return out;
    }

    public List<ObjectNode> allTrades() {
        return List.copyOf(trades);
    }

    // ---------------------------------------------------------------- lifecycle

    private void validate(final SimOrder o) {
        if (!OrderStatus.PUT_ORDER_REQ_RECEIVED.equals(o.status)) {
            return;
        }
        transition(o, OrderStatus.VALIDATION_PENDING, null);
        later(() -> {
            if (!OrderStatus.VALIDATION_PENDING.equals(o.status)) {
                return;
            }
            final String reason = rejection(o);
            if (reason != null) {
                transition(o, OrderStatus.REJECTED, reason);
            } else if (o.amo && !MarketClock.inSession(market.marketTimeMs())) {
                transition(o, OrderStatus.AFTER_MARKET_ORDER_REQ_RECEIVED, null);
                afterMarket.add(o);
            } else {
                transition(o, OrderStatus.OPEN_PENDING, null);
                later(() -> {
                    if (OrderStatus.OPEN_PENDING.equals(o.status)) {
                        o.exchangeOrderId = nextExchangeOrderId();
                        open(o);
                    }
                });
            }
        });
    }

    private String rejection(final SimOrder o) {
        final String fault = rejectionFault.get();
        if (fault != null) {
            return fault;
        }
        final SimInstrument s = market.instrument(o.instrumentKey);
        if (s == null) {
            return "Instrument " + o.instrumentKey + " is not traded in this market";
        }
        if (o.isStop()) {
            final long ltp = s.lastPriceFixed();
            if (o.isBuy() && o.triggerPriceFixed <= ltp) {
                return "Trigger price for stoploss buy orders should be higher than the last traded price";
            }
            if (!o.isBuy() && o.triggerPriceFixed >= ltp) {
                return "Trigger price for stoploss sell orders should be lower than the last traded price";
            }
            if ("SL".equals(o.orderType) && (o.isBuy() ? o.priceFixed < o.triggerPriceFixed : o.priceFixed > o.triggerPriceFixed)) {
                return "Trigger price should be " + (o.isBuy() ? "less" : "greater") + " than or equal to the limit price";
            }
        }
        return null;
    }

    /** Puts an order on the book: trigger pending for an untriggered stop, otherwise open and matched at once. */
    private void open(final SimOrder o) {
        if (o.exchangeTimestampMs == 0) {
            o.exchangeTimestampMs = market.marketTimeMs();
        }
        if (o.filledQuantity > 0 && o.filledQuantity == o.quantity) {
            removeWorking(o); // modified down to what had already traded
            transition(o, OrderStatus.COMPLETE, null);
            return;
        }
        addWorking(o);
        if (o.isStop() && !o.triggered) {
            transition(o, OrderStatus.TRIGGER_PENDING, null);
            matchOnTick(o, market.instrument(o.instrumentKey));
            return;
        }
        transition(o, OrderStatus.OPEN, null);
        matchOnOpen(o, market.instrument(o.instrumentKey));
    }

    /**
     * An order that just became open (or a market-type order still open): MARKET and marketable
     * LIMIT fill at the touch; IOC leftovers cancel.
     */
    private void matchOnOpen(final SimOrder o, final SimInstrument s) {
        final long touch = o.isBuy() ? s.bestAskFixed() : s.bestBidFixed();
        if (isMarketType(o) || (o.isBuy() ? o.priceFixed >= touch : o.priceFixed <= touch)) {
            fill(o, touch, partialFills ? (o.isBuy() ? s.bestAskQuantity() : s.bestBidQuantity()) : Long.MAX_VALUE);
        }
        if ("IOC".equals(o.validity) && OrderStatus.OPEN.equals(o.status)) {
            removeWorking(o);
            transition(o, OrderStatus.CANCELLED, o.filledQuantity > 0
                ? "IOC order cancelled: remaining quantity not filled" : "IOC order cancelled: not marketable");
        }
    }

    private void matchOnTick(final SimOrder o, final SimInstrument s) {
        final long ltp = s.lastPriceFixed();
        if (OrderStatus.TRIGGER_PENDING.equals(o.status)) {
            if (o.isBuy() ? ltp >= o.triggerPriceFixed : ltp <= o.triggerPriceFixed) {
                o.triggered = true;
                transition(o, OrderStatus.OPEN, null);
                matchOnOpen(o, s);
            }
        } else if (OrderStatus.OPEN.equals(o.status)) {
            if (isMarketType(o)) {
                matchOnOpen(o, s); // the rest of a partly filled market order takes the new touch
            } else if (o.isBuy() ? ltp < o.priceFixed : ltp > o.priceFixed) {
                fill(o, o.priceFixed, partialFills && s.lastQuantity() > 0 ? s.lastQuantity() : Long.MAX_VALUE);
            }
        }
    }

    private static boolean isMarketType(final SimOrder o) {
        return "MARKET".equals(o.orderType) || "SL-M".equals(o.orderType);
    }

    @Override
    public void onBatch(final long marketTimeMs, final List<SimInstrument> changed) {
        for (SimInstrument s : changed) {
            final List<SimOrder> list = working.get(s.key);
            if (list == null || list.isEmpty()) {
                continue;
            }
            for (SimOrder o : List.copyOf(list)) {
                matchOnTick(o, s);
            }
        }
    }

    @Override
    public void onMarketTime(final long marketTimeMs) {
        if (!MarketClock.inSession(marketTimeMs)) {
            return;
        }
        if (afterMarket.isEmpty()) {
            return;
        }
        final List<SimOrder> waiting = List.copyOf(afterMarket);
        afterMarket.clear();
        for (SimOrder o : waiting) {
            if (OrderStatus.AFTER_MARKET_ORDER_REQ_RECEIVED.equals(o.status)) {
                transition(o, OrderStatus.OPEN_PENDING, null);
                o.exchangeOrderId = nextExchangeOrderId();
                open(o);
            }
        }
    }

    /** Fills up to {@code available} of what is left; the rest stays open (status open, filled_quantity grows). */
    private void fill(final SimOrder o, final long priceFixed, final long available) {
        final long quantity = Math.min(o.quantity - o.filledQuantity, available);
        if (quantity <= 0) {
            return;
        }
        final long t = market.marketTimeMs();
        o.averagePriceFixed = Math.round(((double) o.averagePriceFixed * o.filledQuantity + (double) priceFixed * quantity)
            / (o.filledQuantity + quantity));
        o.filledQuantity += quantity;
        o.exchangeTimestampMs = t;
        final ObjectNode trade = OrderJson.trade(o, String.format("%08d", ++tradeSeq), quantity, priceFixed, t);
        trades.add(trade);
        tradesByUser.computeIfAbsent(o.userId, u -> new ArrayList<>()).add(trade);
        if (o.filledQuantity == o.quantity) {
            removeWorking(o);
            transition(o, OrderStatus.COMPLETE, null);
        } else {
            transition(o, OrderStatus.OPEN, null);
        }
        final Position p = positions.computeIfAbsent(o.userId, u -> new LinkedHashMap<>())
            .computeIfAbsent(o.instrumentKey + '/' + o.product,
                k -> new Position(o.userId, o.instrumentKey, o.tradingSymbol, o.exchange, o.product));
        p.add(o.isBuy(), quantity, io.kavach.config.Prices.toDouble(priceFixed));
        sink.publish(o.userId, "position", positionJson(p, true));
    }

    private ObjectNode positionJson(final Position p, final boolean update) {
        final SimInstrument s = market.instrument(p.instrumentKey);
        final long last = s == null ? 0 : s.lastPriceFixed();
        final long close = s == null ? 0 : s.previousCloseFixed();
        return update ? OrderJson.positionUpdate(p, last, close) : OrderJson.position(p, last, close);
    }

    private void transition(final SimOrder o, final String status, final String message) {
        o.status = status;
        if (message != null) {
            o.statusMessage = message;
        }
        if (o.isFinal()) {
            removeWorking(o);
        }
        o.history.add(OrderJson.order(o));
        sink.publish(o.userId, "order", OrderJson.orderUpdate(o, UUID.randomUUID().toString()));
    }

    private void addWorking(final SimOrder o) {
        final List<SimOrder> list = working.computeIfAbsent(o.instrumentKey, k -> new ArrayList<>());
        if (!list.contains(o)) {
            list.add(o);
        }
    }

    private void removeWorking(final SimOrder o) {
        final List<SimOrder> list = working.get(o.instrumentKey);
        if (list != null) {
            list.remove(o);
        }
    }

    private String nextExchangeOrderId() {
        return String.format("1100000%09d", ++exchangeSeq);
    }

    private void later(final Runnable step) {
        if (stepDelayMs <= 0) {
            loop.execute(step);
        } else {
            loop.schedule(step, stepDelayMs, TimeUnit.MILLISECONDS);
        }
    }

    static String exchangeOf(final String instrumentKey) {
        final String segment = instrumentKey.substring(0, Math.max(0, instrumentKey.indexOf('|')));
        return switch (segment) {
            case "NSE_FO" -> "NFO";
            case "BSE_FO" -> "BFO";
            case "NCD_FO" -> "CDS";
            case "BCD_FO" -> "BCD";
            case "MCX_FO", "MCX_INDEX" -> "MCX";
            case "BSE_EQ", "BSE_INDEX" -> "BSE";
            default -> "NSE";
        };
    }
}

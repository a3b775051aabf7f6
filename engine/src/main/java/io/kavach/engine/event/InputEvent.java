package io.kavach.engine.event;

/**
 * One pre-allocated, mutable ring slot. A {@link #kind} discriminator and primitive fields only:
 * instrument as a dense {@code int} id, prices as fixed-point {@code long} scaled by
 * {@link io.kavach.config.Prices#PRICE_SCALE}, quantities as {@code long}, times as epoch
 * milliseconds (unit in the name). Short strings (broker order id, tag) live in fixed-size byte
 * fields with a length; the {@link #payload} holds the rare variable-length body (a rule's JSON).
 *
 * <p>Fields of a kind other than the current one are stale leftovers of an earlier use of the slot:
 * translators set every field of their kind (and {@link #clearTick()} resets a tick's optional
 * parts), readers read only the fields of {@link #kind}.
 *
 * <p>Threading: written by the single producer (the event loop) between claim and publish, read by
 * the ring's handlers after publish. Never retained beyond a handler's {@code onEvent}.
 */
public final class InputEvent {
    public static final int MAX_DEPTH_LEVELS = 30;
    public static final int ID_BYTES = 40;      // broker order ids and tags (tags are at most 40 characters)
    public static final int TEXT_BYTES = 128;   // status / error message, truncated
    public static final int PAYLOAD_BYTES = 4096;     // a rule definition as JSON; larger rules are refused

    // ---- every kind ------------------------------------------------------------------------
    /** Input sequence, assigned by the producer; the journal's record order. */
    public long sequence;
    public byte kind;
    /** The time logic treats as "now" for this event: exchange time for market data, scheduled time for timers. */
    public long eventTimeEpochMs;
    /** Monotonic receive time for latency metrics only; never read by logic, never journaled. */
    public long receivedNanos;
    /** Owning user for order/position/control/rule events; 0 for shared market data. */
    public int userId;

    // ---- MARKET_TICK ------------------------------------------------------------------------
    public int instrumentId;
    /** {@link FeedShape} of the update. */
    public byte feedShape;
    /** Upstox RequestMode ordinal (ltpc=0, full_d5=1, option_greeks=2, full_d30=3). */
    public byte requestMode;
    /** True for a snapshot (initial_feed), false for a live tick. */
    public boolean snapshot;
    /** The FeedResponse's currentTs (epoch ms), 0 if absent. */
    public long feedTimeEpochMs;
    public long ltp;
    public long lttEpochMs;
    public long ltq;
    public long closePrice;
    /** Number of valid depth levels in the arrays below (0 when the feed carries none). */
    public int depthLevels;
    public final long[] bidPrice = new long[MAX_DEPTH_LEVELS];
    public final long[] bidQty = new long[MAX_DEPTH_LEVELS];
    public final long[] askPrice = new long[MAX_DEPTH_LEVELS];
    public final long[] askQty = new long[MAX_DEPTH_LEVELS];
    /** Day bar (OHLC interval "1d"); {@link #hasDayOhlc} says whether the feed carried one. */
    public boolean hasDayOhlc;
    public long dayOpen;
    public long dayHigh;
    public long dayLow;
    public long dayClose;
    public long dayVolume;
    /** The feed's latest one-minute bar (OHLC interval "I1"), if carried. */
    public boolean hasMinuteOhlc;
    public long minuteOpen;
    public long minuteHigh;
    public long minuteLow;
    public long minuteClose;
    public long minuteVolume;
    public long minuteStartEpochMs;
    public long atp;
    public long vtt;
    public double oi;
    public double iv;
    public double tbq;
    public double tsq;
    public boolean hasGreeks;
    public double delta;
    public double theta;
    public double gamma;
    public double vega;
    public double rho;

    // ---- MARKET_STATUS ----------------------------------------------------------------------
    /** {@link io.kavach.feed.market.Segments} code of the exchange segment. */
    public byte segment;
    /** Upstox MarketStatus ordinal. */
    public byte marketStatus;

    // ---- ORDER_UPDATE / ORDER_ACK / ORDER_INTENT / POSITION_UPDATE ----------------------------
    /** Deterministic intent id (rule id and fire number); 0 for orders the engine did not originate. */
    public long intentId;
    public final byte[] brokerOrderId = new byte[ID_BYTES];
    public int brokerOrderIdLength;
    public final byte[] tag = new byte[ID_BYTES];
    public int tagLength;
    /** Order status code ({@code io.kavach.order.OrderStatus}). */
    public byte orderStatus;
    /** ORDER_ACK: the router's {@code io.kavach.order.AckCode}; {@link #command} holds the intent's action. */
    public byte ackCode;
    public byte side;          // 1 = BUY, 2 = SELL
    public byte orderType;     // 1 = MARKET, 2 = LIMIT, 3 = SL, 4 = SL-M
    public byte product;       // 1 = I, 2 = D, 3 = MTF
    public byte validity;      // 1 = DAY, 2 = IOC
    public long quantity;
    public long filledQuantity;
    public long pendingQuantity;
    public long price;
    public long triggerPrice;
    public long averagePrice;
    /** Position: signed net quantity. */
    public long netQuantity;
    public final byte[] text = new byte[TEXT_BYTES];
    public int textLength;

    // ---- TIMER ------------------------------------------------------------------------------
    /** Timer purpose (candle close sweep, schedule, heartbeat); logic reads {@link #eventTimeEpochMs}. */
    public byte timerType;

    // ---- RULE_COMMAND / CONTROL ----------------------------------------------------------------
    /** RuleCommand or Control code. */
    public byte command;
    public long ruleId;
    public final byte[] payload = new byte[PAYLOAD_BYTES];
    public int payloadLength;

    /** Resets the optional parts of a market tick, so a translator only fills what the feed carried. */
    public void clearTick() {
        feedShape = 0;
        requestMode = 0;
        snapshot = false;
        feedTimeEpochMs = 0;
        ltp = 0;
        lttEpochMs = 0;
        ltq = 0;
        closePrice = 0;
        depthLevels = 0;
        hasDayOhlc = false;
        dayOpen = dayHigh = dayLow = dayClose = dayVolume = 0;
        hasMinuteOhlc = false;
        minuteOpen = minuteHigh = minuteLow = minuteClose = minuteVolume = minuteStartEpochMs = 0;
        atp = 0;
        vtt = 0;
        oi = iv = tbq = tsq = 0.0;
        hasGreeks = false;
        delta = theta = gamma = vega = rho = 0.0;
    }

    /** Best bid (level 0) or 0 when the tick carried no depth. */
    public long bestBid() {
        return depthLevels > 0 ? bidPrice[0] : 0;
    }

    /** Best ask (level 0) or 0 when the tick carried no depth. */
    public long bestAsk() {
        return depthLevels > 0 ? askPrice[0] : 0;
    }
}

package io.kavach.engine.feed;

import io.kavach.engine.ring.InputPublisher;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.feed.market.MarketFeedHandler;
import io.kavach.feed.market.MarketFeedView;
import io.kavach.feed.market.OhlcInterval;
import io.kavach.feed.market.Segments;

/**
 * Adapts the market-feed decoder's callbacks onto the ring: one {@link EventKind#MARKET_TICK} per
 * delivered feed, one {@link EventKind#MARKET_STATUS} per segment status. Claims a slot with
 * {@code next()}, writes every tick field once (what {@link InputEvent#clearTick()} would reset,
 * absent parts as zeros), publishes; no lambdas, no allocation.
 *
 * <p>Every price the tick carries (ltp, close, depth, atp, the day and minute bars) is checked
 * before a slot is claimed: a NaN, infinite, negative or absurd ({@link Prices#MAX_PRICE}) price
 * rejects that feed, which is counted and publishes nothing; the last rejection can be described on
 * a cold path. A feed with no data and a feed with no usable time are rejected the same way.
 *
 * <p>Mapping: {@code eventTimeEpochMs} is the frame's currentTs when positive, else the trade's
 * ltt; {@code snapshot} is set for initial_feed frames; the day bar is the last OHLC with interval
 * "1d"; the minute bar is the "I1" bar with the latest ts (Upstox sends the last closed and the
 * forming minute); a first-level feed's firstDepth becomes depth level 0. {@code sequence} is the
 * next input sequence, stamped by the {@link InputPublisher}.
 *
 * <p>Threading: the ring's single producer, i.e. the feed's event loop that runs the decoder.
 * Counters are plain fields; other threads may read them for metrics and see stale values.
 */
public final class MarketTickPublisher implements MarketFeedHandler {
    /** Why the last feed or status was rejected. */
    public static final int REJECT_NONE = 0;
    public static final int REJECT_BAD_PRICE = 1;
    public static final int REJECT_NO_EVENT_TIME = 2;
    public static final int REJECT_NO_DATA = 3;
    public static final int REJECT_BAD_STATUS = 4;

    private static final int FIELD_LTP = 1;
    private static final int FIELD_CLOSE_PRICE = 2;
    private static final int FIELD_BID_PRICE = 3;
    private static final int FIELD_ASK_PRICE = 4;
    private static final int FIELD_ATP = 5;
    private static final int FIELD_DAY_OHLC = 6;
    private static final int FIELD_MINUTE_OHLC = 7;
    private static final String[] FIELD_NAMES = {
        "-", "ltpc.ltp", "ltpc.cp", "depth.bidP", "depth.askP", "atp", "ohlc[1d]", "ohlc[I1]",
    };
    private static final String[] OHLC_PARTS = {"open", "high", "low", "close"};

    private final InputPublisher publisher;
    private final InstrumentRegistry registry;

    private long ticksPublished;
    private long statusesPublished;
    private long feedsRejected;
    private long statusesRejected;

    private int lastReject;
    private int lastRejectInstrumentId;
    private int lastRejectField;
    private int lastRejectIndex;
    private double lastRejectValue;
    private boolean lastRejectWasStatus;
    private int lastRejectSegment;
    private int lastRejectStatus;

    /**
     * @param registry the registry the decoder resolves keys with; used only to name instruments in
     *                 rejection messages
     */
    public MarketTickPublisher(final InputPublisher publisher, final InstrumentRegistry registry) {
        this.publisher = publisher;
        this.registry = registry;
    }

    @Override
    public void onFeed(final MarketFeedView feed) {
        final int shape = feed.shape();
        if (shape == MarketFeedView.SHAPE_NONE) {
            reject(REJECT_NO_DATA, feed.instrumentId(), 0, 0, 0.0);
            return;
        }
        final long eventTime = feed.currentTsEpochMs() > 0 ? feed.currentTsEpochMs() : feed.lttEpochMs();
        if (eventTime <= 0) {
            reject(REJECT_NO_EVENT_TIME, feed.instrumentId(), 0, 0, 0.0);
            return;
        }
        final int dayBar = dayBar(feed);
        final int minuteBar = minuteBar(feed);
        if (!pricesValid(feed, dayBar, minuteBar)) {
            return;
        }

        final long slot = publisher.claim(EventKind.MARKET_TICK, eventTime);
        try {
            final InputEvent e = publisher.event(slot);
            // Every field InputEvent.clearTick() resets is written here exactly once (a feed's absent
            // parts as zeros), instead of clearing the slot and then filling it: a tick's stores are
            // half as many.
            e.receivedNanos = feed.receivedNanos();
            e.instrumentId = feed.instrumentId();
            e.feedShape = (byte) shape; // MarketFeedView shapes use FeedShape's values
            final int mode = feed.requestMode();
            e.requestMode = mode >= 0 && mode <= Byte.MAX_VALUE ? (byte) mode : -1;
            e.snapshot = feed.frameType() == 0;
            e.feedTimeEpochMs = feed.currentTsEpochMs();
            e.ltp = Prices.toFixed(feed.ltp());
            e.lttEpochMs = feed.lttEpochMs();
            e.ltq = feed.ltq();
            e.closePrice = Prices.toFixed(feed.cp());
            final int levels = feed.depthLevels();
            e.depthLevels = levels;
            for (int i = 0; i < levels; i++) {
                e.bidPrice[i] = Prices.toFixed(feed.bidPrice(i));
                e.bidQty[i] = feed.bidQty(i);
                e.askPrice[i] = Prices.toFixed(feed.askPrice(i));
                e.askQty[i] = feed.askQty(i);
            }
            e.hasDayOhlc = dayBar >= 0;
            if (dayBar >= 0) {
                e.dayOpen = Prices.toFixed(feed.ohlcOpen(dayBar));
                e.dayHigh = Prices.toFixed(feed.ohlcHigh(dayBar));
                e.dayLow = Prices.toFixed(feed.ohlcLow(dayBar));
                e.dayClose = Prices.toFixed(feed.ohlcClose(dayBar));
                e.dayVolume = feed.ohlcVolume(dayBar);
            } else {
                e.dayOpen = e.dayHigh = e.dayLow = e.dayClose = e.dayVolume = 0;
            }
            e.hasMinuteOhlc = minuteBar >= 0;
            if (minuteBar >= 0) {
                e.minuteOpen = Prices.toFixed(feed.ohlcOpen(minuteBar));
                e.minuteHigh = Prices.toFixed(feed.ohlcHigh(minuteBar));
                e.minuteLow = Prices.toFixed(feed.ohlcLow(minuteBar));
                e.minuteClose = Prices.toFixed(feed.ohlcClose(minuteBar));
                e.minuteVolume = feed.ohlcVolume(minuteBar);
                e.minuteStartEpochMs = feed.ohlcTsEpochMs(minuteBar);
            } else {
                e.minuteOpen = e.minuteHigh = e.minuteLow = e.minuteClose = e.minuteVolume = e.minuteStartEpochMs = 0;
            }
            e.atp = Prices.toFixed(feed.atp());
            e.vtt = feed.vtt();
            e.oi = feed.oi();
            e.iv = feed.iv();
            e.tbq = feed.tbq();
            e.tsq = feed.tsq();
            final boolean greeks = feed.hasGreeks();
            e.hasGreeks = greeks;
            if (greeks) {
                e.delta = feed.delta();
                e.theta = feed.theta();
                e.gamma = feed.gamma();
                e.vega = feed.vega();
                e.rho = feed.rho();
            } else {
                e.delta = e.theta = e.gamma = e.vega = e.rho = 0.0;
            }
        } finally {
            publisher.publish(slot);
        }
        ticksPublished++;
    }

    @Override
    public void onMarketStatus(final int segment, final int status, final long currentTsEpochMs, final long receivedNanos) {
        if (currentTsEpochMs <= 0) {
            rejectStatus(REJECT_NO_EVENT_TIME, segment, status);
            return;
        }
        if (status < 0 || status > Byte.MAX_VALUE) {
            rejectStatus(REJECT_BAD_STATUS, segment, status);
            return;
        }
        final long slot = publisher.claim(EventKind.MARKET_STATUS, currentTsEpochMs);
        try {
            final InputEvent e = publisher.event(slot);
            e.receivedNanos = receivedNanos;
            e.segment = (byte) segment;
            e.marketStatus = (byte) status;
        } finally {
            publisher.publish(slot);
        }
        statusesPublished++;
    }

    private static int dayBar(final MarketFeedView feed) {
        int bar = -1;
        for (int i = 0, n = feed.ohlcCount(); i < n; i++) {
            if (feed.ohlcInterval(i) == OhlcInterval.ONE_DAY) {
                bar = i;
            }
        }
        return bar;
    }

    private static int minuteBar(final MarketFeedView feed) {
        int bar = -1;
        for (int i = 0, n = feed.ohlcCount(); i < n; i++) {
            if (feed.ohlcInterval(i) == OhlcInterval.ONE_MINUTE && (bar < 0 || feed.ohlcTsEpochMs(i) >= feed.ohlcTsEpochMs(bar))) {
                bar = i;
            }
        }
        return bar;
    }

    private boolean pricesValid(final MarketFeedView feed, final int dayBar, final int minuteBar) {
        final int id = feed.instrumentId();
        if (!price(feed.ltp(), id, FIELD_LTP, 0) || !price(feed.cp(), id, FIELD_CLOSE_PRICE, 0) || !price(feed.atp(), id, FIELD_ATP, 0)) {
            return false;
        }
        for (int i = 0, n = feed.depthLevels(); i < n; i++) {
            if (!price(feed.bidPrice(i), id, FIELD_BID_PRICE, i) || !price(feed.askPrice(i), id, FIELD_ASK_PRICE, i)) {
                return false;
            }
        }
        return (dayBar < 0 || barValid(feed, dayBar, id, FIELD_DAY_OHLC)) && (minuteBar < 0 || barValid(feed, minuteBar, id, FIELD_MINUTE_OHLC));
    }

    private boolean barValid(final MarketFeedView feed, final int bar, final int id, final int field) {
        return price(feed.ohlcOpen(bar), id, field, 0) && price(feed.ohlcHigh(bar), id, field, 1)
            && price(feed.ohlcLow(bar), id, field, 2) && price(feed.ohlcClose(bar), id, field, 3);
    }

    private boolean price(final double value, final int instrumentId, final int field, final int index) {
        if (Prices.isValidPrice(value)) {
            return true;
        }
        reject(REJECT_BAD_PRICE, instrumentId, field, index, value);
        return false;
    }

    private void reject(final int reason, final int instrumentId, final int field, final int index, final double value) {
        feedsRejected++;
        lastRejectWasStatus = false;
        lastReject = reason;
        lastRejectInstrumentId = instrumentId;
        lastRejectField = field;
        lastRejectIndex = index;
        lastRejectValue = value;
    }

    private void rejectStatus(final int reason, final int segment, final int status) {
        statusesRejected++;
        lastRejectWasStatus = true;
        lastReject = reason;
        lastRejectSegment = segment;
        lastRejectStatus = status;
    }

    /** Reason code of the last rejection ({@code REJECT_*}). */
    public int lastRejectReason() {
        return lastReject;
    }

    /** Instrument id of the last rejected feed. */
    public int lastRejectInstrumentId() {
        return lastRejectInstrumentId;
    }

    /** A readable account of the last rejection, naming instrument (or segment) and field; allocates, cold path. */
    public String describeLastRejection() {
        if (lastReject == REJECT_NONE) {
            return "no rejection";
        }
        if (lastRejectWasStatus) {
            return "market status rejected: " + Segments.name(lastRejectSegment)
                + (lastReject == REJECT_NO_EVENT_TIME ? " arrived without currentTs" : " status " + lastRejectStatus + " is out of range");
        }
        switch (lastReject) {
            case REJECT_BAD_PRICE: {
                final String where = lastRejectField == FIELD_BID_PRICE || lastRejectField == FIELD_ASK_PRICE
                    ? "[" + lastRejectIndex + "]"
                    : lastRejectField >= FIELD_DAY_OHLC ? "." + OHLC_PARTS[lastRejectIndex] : "";
                return "market tick rejected: " + instrumentName() + " " + FIELD_NAMES[lastRejectField] + where
                    + " = " + lastRejectValue + " is not a usable price (NaN, infinite, negative or above " + Prices.MAX_PRICE + ")";
            }
            case REJECT_NO_EVENT_TIME:
                return "market tick rejected: " + instrumentName() + " has neither currentTs nor ltt";
            default:
                return "market tick rejected: " + instrumentName() + " carried no ltpc, full or first-level data";
        }
    }

    private String instrumentName() {
        return lastRejectInstrumentId >= 0 && lastRejectInstrumentId < registry.size()
            ? registry.keyOf(lastRejectInstrumentId)
            : "instrument #" + lastRejectInstrumentId;
    }

    public long ticksPublished() {
        return ticksPublished;
    }

    public long statusesPublished() {
        return statusesPublished;
    }

    /** Feeds rejected for a bad price, no event time or no data. */
    public long feedsRejected() {
        return feedsRejected;
    }

    public long statusesRejected() {
        return statusesRejected;
    }
}

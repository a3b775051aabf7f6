package io.kavach.feed.market;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One decoded {@code Feed} of a {@code FeedResponse}, as the {@link MarketFeedDecoder} hands it to
 * {@link MarketFeedHandler#onFeed}. The decoder owns one instance and refills it for every feed, so
 * delivering a full feed with 30 depth levels and several OHLC bars allocates nothing. Handlers
 * read it during the callback only and never keep a reference: the next feed overwrites it.
 *
 * <p>Every value is exactly what protobuf would parse: doubles are the wire's IEEE-754 bits
 * (no rounding, NaN and infinities included), absent fields are zero. Validation of values
 * (NaN or negative prices) is the consumer's job; the decoder only guarantees the frame is well
 * formed.
 *
 * <p>Threading: owned by the decoder's thread (the feed's event loop).
 */
public final class MarketFeedView {
    /** The feed carried no data (no oneof case set, or a fullFeed with neither marketFF nor indexFF). */
    public static final int SHAPE_NONE = 0;
    /** {@code Feed.ltpc}. Shape values equal the engine's {@code FeedShape} codes. */
    public static final int SHAPE_LTPC = 1;
    /** {@code Feed.fullFeed.marketFF}. */
    public static final int SHAPE_MARKET_FULL = 2;
    /** {@code Feed.fullFeed.indexFF}. */
    public static final int SHAPE_INDEX_FULL = 3;
    /** {@code Feed.firstLevelWithGreeks}. */
    public static final int SHAPE_FIRST_LEVEL_WITH_GREEKS = 4;

    /** Depth levels kept per feed (Upstox sends 5 for full, 30 for full_d30); extra levels are counted and dropped. */
    public static final int MAX_DEPTH_LEVELS = 30;
    /** OHLC bars kept per feed (Upstox sends 1d and one or two I1 bars); extra bars are counted and dropped. */
    public static final int MAX_OHLC_BARS = 8;

    // Oneof bookkeeping: Feed.FeedUnion case (0 none, 1 ltpc, 2 fullFeed, 3 firstLevelWithGreeks)
    // and FullFeed.FullFeedUnion case (0 none, 1 marketFF, 2 indexFF).
    int feedCase;
    int fullCase;

    int instrumentId;
    int frameType;
    long currentTsEpochMs;
    long receivedNanos;
    int requestMode;

    boolean hasLtpc;
    double ltp;
    long lttEpochMs;
    long ltq;
    double cp;

    // Depth and OHLC bars live in one flat long[] each, doubles as their raw bits, laid out by field
    // number (Quote field n at level * DEPTH_STRIDE + n - 1, OHLC field n at bar * OHLC_STRIDE + n - 1),
    // so the decoder stores any field with one index computation into one array.
    static final int DEPTH_STRIDE = 4; // bidQ, bidP bits, askQ, askP bits
    static final int OHLC_STRIDE = 8; // interval code, open, high, low, close bits, vol, ts, interval text offset << 32 | length
    static final int OHLC_TEXT = 7;

    int depthLevels;
    final long[] depth = new long[MAX_DEPTH_LEVELS * DEPTH_STRIDE];

    boolean hasGreeks;
    double delta;
    double theta;
    double gamma;
    double vega;
    double rho;

    int ohlcCount;
    final long[] ohlc = new long[MAX_OHLC_BARS * OHLC_STRIDE];

    /** Whether any of atp, vtt, oi, iv, tbq, tsq was set (bookkeeping for {@link #clearUnion()}). */
    boolean hasTotals;
    double atp;
    long vtt;
    double oi;
    double iv;
    double tbq;
    double tsq;

    DirectBuffer buffer;
    int keyOffset;
    int keyLength;

    /** Resets everything a map entry carries: a new feed starts from protobuf defaults. */
    void resetEntry() {
        requestMode = 0;
        keyOffset = 0;
        keyLength = 0;
        clearUnion();
    }

    /** Resets the oneof data: protobuf discards the old case's message when another case arrives. */
    void clearUnion() {
        feedCase = 0;
        fullCase = 0;
        // Values of a group are only ever set after its flag, so a clear flag means zeros already.
        if (hasLtpc) {
            hasLtpc = false;
            ltp = 0.0;
            lttEpochMs = 0;
            ltq = 0;
            cp = 0.0;
        }
        if (hasGreeks) {
            hasGreeks = false;
            delta = theta = gamma = vega = rho = 0.0;
        }
        if (hasTotals) {
            hasTotals = false;
            atp = 0.0;
            vtt = 0;
            oi = iv = tbq = tsq = 0.0;
        }
        depthLevels = 0;
        ohlcCount = 0;
    }

    /** Registry id of the feed's instrument key. */
    public int instrumentId() {
        return instrumentId;
    }

    /** {@code FeedResponse.type} of the frame: 0 initial_feed (snapshot), 1 live_feed, 2 market_info; other values pass through. */
    public int frameType() {
        return frameType;
    }

    /** {@code FeedResponse.currentTs} of the frame, epoch ms; 0 when absent. */
    public long currentTsEpochMs() {
        return currentTsEpochMs;
    }

    /** The value the caller passed to {@link MarketFeedDecoder#decode} for this frame. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** One of the {@code SHAPE_*} constants. */
    public int shape() {
        switch (feedCase) {
            case 1: return SHAPE_LTPC;
            case 2: return fullCase == 1 ? SHAPE_MARKET_FULL : fullCase == 2 ? SHAPE_INDEX_FULL : SHAPE_NONE;
            case 3: return SHAPE_FIRST_LEVEL_WITH_GREEKS;
            default: return SHAPE_NONE;
        }
    }

    /** {@code Feed.requestMode}: 0 ltpc, 1 full_d5, 2 option_greeks, 3 full_d30; other values pass through. */
    public int requestMode() {
        return requestMode;
    }

    /** Whether the feed carried an LTPC message (directly or inside a full/first-level feed). */
    public boolean hasLtpc() {
        return hasLtpc;
    }

    public double ltp() {
        return ltp;
    }

    public long lttEpochMs() {
        return lttEpochMs;
    }

    public long ltq() {
        return ltq;
    }

    /** Previous day's close. */
    public double cp() {
        return cp;
    }

    /** Depth levels held: marketFF's bidAskQuote entries (at most {@link #MAX_DEPTH_LEVELS}), or 1 for a first-level feed with firstDepth. */
    public int depthLevels() {
        return depthLevels;
    }

    public long bidQty(final int level) {
        return depth[level * DEPTH_STRIDE];
    }

    public double bidPrice(final int level) {
        return Double.longBitsToDouble(depth[level * DEPTH_STRIDE + 1]);
    }

    public long askQty(final int level) {
        return depth[level * DEPTH_STRIDE + 2];
    }

    public double askPrice(final int level) {
        return Double.longBitsToDouble(depth[level * DEPTH_STRIDE + 3]);
    }

    /** Whether the feed carried an OptionGreeks message. */
    public boolean hasGreeks() {
        return hasGreeks;
    }

    public double delta() {
        return delta;
    }

    public double theta() {
        return theta;
    }

    public double gamma() {
        return gamma;
    }

    public double vega() {
        return vega;
    }

    public double rho() {
        return rho;
    }

    /** OHLC bars held, in wire order (at most {@link #MAX_OHLC_BARS}). */
    public int ohlcCount() {
        return ohlcCount;
    }

    /** {@link OhlcInterval} code of bar {@code i}. */
    public int ohlcInterval(final int i) {
        return (int) ohlc[i * OHLC_STRIDE];
    }

    public double ohlcOpen(final int i) {
        return Double.longBitsToDouble(ohlc[i * OHLC_STRIDE + 1]);
    }

    public double ohlcHigh(final int i) {
        return Double.longBitsToDouble(ohlc[i * OHLC_STRIDE + 2]);
    }

    public double ohlcLow(final int i) {
        return Double.longBitsToDouble(ohlc[i * OHLC_STRIDE + 3]);
    }

    public double ohlcClose(final int i) {
        return Double.longBitsToDouble(ohlc[i * OHLC_STRIDE + 4]);
    }

    public long ohlcVolume(final int i) {
        return ohlc[i * OHLC_STRIDE + 5];
    }

    public long ohlcTsEpochMs(final int i) {
        return ohlc[i * OHLC_STRIDE + 6];
    }

    /** The raw interval string of bar {@code i}; allocates, cold path (messages, tests). */
    public String ohlcIntervalText(final int i) {
        final long text = ohlc[i * OHLC_STRIDE + OHLC_TEXT];
        return text((int) (text >>> 32), (int) text);
    }

    public double atp() {
        return atp;
    }

    public long vtt() {
        return vtt;
    }

    public double oi() {
        return oi;
    }

    public double iv() {
        return iv;
    }

    public double tbq() {
        return tbq;
    }

    public double tsq() {
        return tsq;
    }

    /** The instrument key as sent; allocates, cold path (messages, tests). */
    public String instrumentKey() {
        return text(keyOffset, keyLength);
    }

    private String text(final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

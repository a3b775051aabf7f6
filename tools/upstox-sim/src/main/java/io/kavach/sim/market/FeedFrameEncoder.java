package io.kavach.sim.market;

import io.kavach.config.Prices;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FirstLevelWithGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.FullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.IndexFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.LTPC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.MarketInfo;
import io.kavach.feed.proto.MarketDataFeedV3.MarketLevel;
import io.kavach.feed.proto.MarketDataFeedV3.MarketOHLC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.OHLC;
import io.kavach.feed.proto.MarketDataFeedV3.OptionGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.Quote;
import io.kavach.feed.proto.MarketDataFeedV3.Type;

/**
 * Builds the market feed's protobuf messages from {@link SimInstrument} state with the generated
 * V3 classes (cold path: the simulator, not the engine). Equity and derivative keys get
 * {@code marketFF} in the full modes (5 or 30 depth levels, {@code 1d} and {@code I1} OHLC, atp,
 * vtt, oi, tbq, tsq); index keys get {@code indexFF}; {@code option_greeks} gets
 * {@code firstLevelWithGreeks} (greeks only for derivatives, zero otherwise).
 *
 * <p>Stateless; safe on any thread.
 */
public final class FeedFrameEncoder {
    private FeedFrameEncoder() {
    }

    public static byte[] marketInfo(final long currentTsMs) {
        final MarketStatus status = MarketStatusClock.statusAt(currentTsMs);
        final MarketInfo.Builder info = MarketInfo.newBuilder();
        for (String segment : MarketStatusClock.SEGMENTS) {
            info.putSegmentStatus(segment, status);
        }
        return FeedResponse.newBuilder().setType(Type.market_info).setCurrentTs(currentTsMs)
            .setMarketInfo(info).build().toByteArray();
    }

    public static Feed feed(final SimInstrument s, final SubscriptionMode mode) {
        final Feed.Builder feed = Feed.newBuilder().setRequestMode(mode.requestMode);
        switch (mode) {
            case LTPC -> feed.setLtpc(ltpc(s));
            case OPTION_GREEKS -> feed.setFirstLevelWithGreeks(firstLevel(s));
            case FULL, FULL_D30 -> feed.setFullFeed(s.index
                ? FullFeed.newBuilder().setIndexFF(IndexFullFeed.newBuilder().setLtpc(ltpc(s)).setMarketOHLC(ohlc(s)))
                : FullFeed.newBuilder().setMarketFF(marketFull(s, mode.depthLevels)));
            default -> throw new IllegalStateException("unhandled mode " + mode);
        }
        return feed.build();
    }

    public static FeedResponse.Builder response(final Type type, final long currentTsMs) {
        return FeedResponse.newBuilder().setType(type).setCurrentTs(currentTsMs);
    }

    private static LTPC ltpc(final SimInstrument s) {
        return LTPC.newBuilder().setLtp(Prices.toDouble(s.ltp)).setLtt(s.ltt).setLtq(s.ltq)
            .setCp(Prices.toDouble(s.cp)).build();
    }

    private static MarketFullFeed.Builder marketFull(final SimInstrument s, final int levels) {
        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        for (int i = 0; i < levels; i++) {
            depth.addBidAskQuote(quote(s, i));
        }
        final MarketFullFeed.Builder full = MarketFullFeed.newBuilder().setLtpc(ltpc(s)).setMarketLevel(depth)
            .setMarketOHLC(ohlc(s)).setAtp(s.averageTradedPrice()).setVtt(s.vtt)
            .setTbq(s.totalBuyQuantity).setTsq(s.totalSellQuantity);
        if (s.derivative) {
            full.setOptionGreeks(greeks(s)).setOi(s.oi).setIv(0.15);
        }
        return full;
    }

    private static FirstLevelWithGreeks.Builder firstLevel(final SimInstrument s) {
        final FirstLevelWithGreeks.Builder b = FirstLevelWithGreeks.newBuilder().setLtpc(ltpc(s));
        if (!s.index) {
            b.setFirstDepth(quote(s, 0)).setVtt(s.vtt);
        }
        if (s.derivative) {
            b.setOptionGreeks(greeks(s)).setOi(s.oi).setIv(0.15);
        }
        return b;
    }

    private static Quote quote(final SimInstrument s, final int level) {
        return Quote.newBuilder().setBidQ(s.bidQuantities[level]).setBidP(Prices.toDouble(s.bidPrice(level)))
            .setAskQ(s.askQuantities[level]).setAskP(Prices.toDouble(s.askPrice(level))).build();
    }

    /** Fixed illustrative greeks: the simulator has no option model, only the wire shape. */
    private static OptionGreeks greeks(final SimInstrument s) {
        return OptionGreeks.newBuilder().setDelta(0.5).setTheta(-1.2).setGamma(0.001).setVega(2.5).setRho(0.05).build();
    }

    private static MarketOHLC.Builder ohlc(final SimInstrument s) {
        if (!s.traded) {
            final double cp = Prices.toDouble(s.cp);
            return MarketOHLC.newBuilder()
                .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(cp).setHigh(cp).setLow(cp).setClose(cp))
                .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(cp).setHigh(cp).setLow(cp).setClose(cp));
        }
        return MarketOHLC.newBuilder()
            .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(Prices.toDouble(s.dayOpen))
                .setHigh(Prices.toDouble(s.dayHigh)).setLow(Prices.toDouble(s.dayLow)).setClose(Prices.toDouble(s.ltp))
                .setVol(s.vtt).setTs(s.dayStartMs))
            .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(Prices.toDouble(s.minuteOpen))
                .setHigh(Prices.toDouble(s.minuteHigh)).setLow(Prices.toDouble(s.minuteLow)).setClose(Prices.toDouble(s.ltp))
                .setVol(s.minuteVolume).setTs(s.minuteStartMs));
    }
}

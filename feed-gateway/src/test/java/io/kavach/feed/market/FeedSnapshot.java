package io.kavach.feed.market;

import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FirstLevelWithGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.IndexFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.LTPC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.OHLC;
import io.kavach.feed.proto.MarketDataFeedV3.OptionGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.Quote;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A canonical text of every value of one feed, built either from what the decoder delivered or
 * from what protobuf-java parsed, so the two compare with one string equality (doubles as raw
 * IEEE-754 bits, so NaN payloads, -0.0 and infinities must match exactly).
 */
final class FeedSnapshot {
    private static final Pattern INTRADAY = Pattern.compile("I[1-9][0-9]{0,3}");

    private FeedSnapshot() {
    }

    /** From the decoder's view (during the callback). */
    static String of(final MarketFeedView v) {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("key=").append(v.instrumentKey()).append(" type=").append(v.frameType()).append(" ts=").append(v.currentTsEpochMs())
            .append(" shape=").append(v.shape()).append(" mode=").append(v.requestMode());
        sb.append(" ltpc=").append(v.hasLtpc()).append(':').append(bits(v.ltp())).append(',').append(v.lttEpochMs()).append(',')
            .append(v.ltq()).append(',').append(bits(v.cp()));
        sb.append(" depth=[");
        for (int i = 0; i < v.depthLevels(); i++) {
            sb.append(v.bidQty(i)).append(',').append(bits(v.bidPrice(i))).append(',').append(v.askQty(i)).append(',')
                .append(bits(v.askPrice(i))).append(';');
        }
        sb.append("] greeks=").append(v.hasGreeks()).append(':').append(bits(v.delta())).append(',').append(bits(v.theta()))
            .append(',').append(bits(v.gamma())).append(',').append(bits(v.vega())).append(',').append(bits(v.rho()));
        sb.append(" ohlc=[");
        for (int i = 0; i < v.ohlcCount(); i++) {
            sb.append(v.ohlcIntervalText(i)).append('|').append(v.ohlcInterval(i)).append('|').append(bits(v.ohlcOpen(i))).append('|')
                .append(bits(v.ohlcHigh(i))).append('|').append(bits(v.ohlcLow(i))).append('|').append(bits(v.ohlcClose(i))).append('|')
                .append(v.ohlcVolume(i)).append('|').append(v.ohlcTsEpochMs(i)).append(';');
        }
        sb.append("] atp=").append(bits(v.atp())).append(" vtt=").append(v.vtt()).append(" oi=").append(bits(v.oi()))
            .append(" iv=").append(bits(v.iv())).append(" tbq=").append(bits(v.tbq())).append(" tsq=").append(bits(v.tsq()));
        return sb.toString();
    }

    /** From protobuf-java's parse of the same frame. */
    static String of(final String key, final int type, final long ts, final Feed f) {
        final StringBuilder sb = new StringBuilder(256);
        int shape = MarketFeedView.SHAPE_NONE;
        boolean hasLtpc = false;
        LTPC ltpc = LTPC.getDefaultInstance();
        List<Quote> depth = List.of();
        boolean hasGreeks = false;
        OptionGreeks greeks = OptionGreeks.getDefaultInstance();
        List<OHLC> ohlc = List.of();
        double atp = 0;
        long vtt = 0;
        double oi = 0;
        double iv = 0;
        double tbq = 0;
        double tsq = 0;
        switch (f.getFeedUnionCase()) {
            case LTPC:
                shape = MarketFeedView.SHAPE_LTPC;
                hasLtpc = true;
                ltpc = f.getLtpc();
                break;
            case FULLFEED:
                if (f.getFullFeed().hasMarketFF()) {
                    shape = MarketFeedView.SHAPE_MARKET_FULL;
                    final MarketFullFeed m = f.getFullFeed().getMarketFF();
                    hasLtpc = m.hasLtpc();
                    ltpc = m.getLtpc();
                    depth = m.getMarketLevel().getBidAskQuoteList();
                    hasGreeks = m.hasOptionGreeks();
                    greeks = m.getOptionGreeks();
                    ohlc = m.getMarketOHLC().getOhlcList();
                    atp = m.getAtp();
                    vtt = m.getVtt();
                    oi = m.getOi();
                    iv = m.getIv();
                    tbq = m.getTbq();
                    tsq = m.getTsq();
                } else if (f.getFullFeed().hasIndexFF()) {
                    shape = MarketFeedView.SHAPE_INDEX_FULL;
                    final IndexFullFeed x = f.getFullFeed().getIndexFF();
                    hasLtpc = x.hasLtpc();
                    ltpc = x.getLtpc();
                    ohlc = x.getMarketOHLC().getOhlcList();
                }
                break;
            case FIRSTLEVELWITHGREEKS:
                shape = MarketFeedView.SHAPE_FIRST_LEVEL_WITH_GREEKS;
                final FirstLevelWithGreeks g = f.getFirstLevelWithGreeks();
                hasLtpc = g.hasLtpc();
                ltpc = g.getLtpc();
                depth = g.hasFirstDepth() ? List.of(g.getFirstDepth()) : List.of();
                hasGreeks = g.hasOptionGreeks();
                greeks = g.getOptionGreeks();
                vtt = g.getVtt();
                oi = g.getOi();
                iv = g.getIv();
                break;
            default:
                break;
        }
        sb.append("key=").append(key).append(" type=").append(type).append(" ts=").append(ts)
            .append(" shape=").append(shape).append(" mode=").append(f.getRequestModeValue());
        sb.append(" ltpc=").append(hasLtpc).append(':').append(bits(ltpc.getLtp())).append(',').append(ltpc.getLtt()).append(',')
            .append(ltpc.getLtq()).append(',').append(bits(ltpc.getCp()));
        sb.append(" depth=[");
        for (int i = 0; i < Math.min(depth.size(), MarketFeedView.MAX_DEPTH_LEVELS); i++) {
            final Quote q = depth.get(i);
            sb.append(q.getBidQ()).append(',').append(bits(q.getBidP())).append(',').append(q.getAskQ()).append(',')
                .append(bits(q.getAskP())).append(';');
        }
        sb.append("] greeks=").append(hasGreeks).append(':').append(bits(greeks.getDelta())).append(',').append(bits(greeks.getTheta()))
            .append(',').append(bits(greeks.getGamma())).append(',').append(bits(greeks.getVega())).append(',').append(bits(greeks.getRho()));
        sb.append(" ohlc=[");
        for (int i = 0; i < Math.min(ohlc.size(), MarketFeedView.MAX_OHLC_BARS); i++) {
            final OHLC o = ohlc.get(i);
            sb.append(o.getInterval()).append('|').append(intervalCode(o.getInterval())).append('|').append(bits(o.getOpen())).append('|')
                .append(bits(o.getHigh())).append('|').append(bits(o.getLow())).append('|').append(bits(o.getClose())).append('|')
                .append(o.getVol()).append('|').append(o.getTs()).append(';');
        }
        sb.append("] atp=").append(bits(atp)).append(" vtt=").append(vtt).append(" oi=").append(bits(oi))
            .append(" iv=").append(bits(iv)).append(" tbq=").append(bits(tbq)).append(" tsq=").append(bits(tsq));
        return sb.toString();
    }

    /** Independent reference for {@link OhlcInterval#code}: plain String logic. */
    static int intervalCode(final String interval) {
        if ("1d".equals(interval)) {
            return OhlcInterval.ONE_DAY;
        }
        if (INTRADAY.matcher(interval).matches()) {
            return Integer.parseInt(interval.substring(1));
        }
        return OhlcInterval.OTHER;
    }

    private static String bits(final double d) {
        return Long.toHexString(Double.doubleToRawLongBits(d));
    }
}

package io.kavach.feed.market;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.FirstLevelWithGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.FullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.IndexFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.LTPC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.MarketInfo;
import io.kavach.feed.proto.MarketDataFeedV3.MarketLevel;
import io.kavach.feed.proto.MarketDataFeedV3.MarketOHLC;
import io.kavach.feed.proto.MarketDataFeedV3.OHLC;
import io.kavach.feed.proto.MarketDataFeedV3.OptionGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.Quote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded random Market Data Feed V3 frames for property and fuzz tests, two ways:
 * {@link #response()} builds a message with our generated classes (unknown fields included, as
 * UnknownFieldSets at every level that has a builder); {@link #rawResponse()} writes the wire by
 * hand with fields in shuffled order, repeated scalars (last wins), repeated sub-messages (merge),
 * map entries with value before key or either missing, and unknown fields of every wire type
 * interleaved anywhere, which no generated encoder ever produces.
 */
final class RandomFeedResponses {
    static final String[] REGISTERED_KEYS = {
        "NSE_EQ|INE002A01018", "NSE_EQ|INE848E01016", "NSE_EQ|INE009A01021", "NSE_FO|43919", "NSE_FO|35001",
        "NSE_INDEX|Nifty 50", "NSE_INDEX|Nifty Bank", "BSE_EQ|INE002A01018", "BSE_INDEX|SENSEX", "MCX_FO|426268",
        "NCD_FO|12345", "BCD_FO|777", "BSE_FO|1150", "NSE_COM|9", "MCX_INDEX|MCXBULLDEX", "NSE_EQ|Éclair-ü",
    };
    static final String[] UNREGISTERED_KEYS = {"NSE_EQ|INE000000000", "NSE_FO|1", "", "XYZ|ABC", "NSE_INDEX|Nifty 5"};
    static final String[] SEGMENT_NAMES = {
        "NSE_EQ", "NSE_FO", "NSE_COM", "NSE_INDEX", "NCD_FO", "BSE_EQ", "BSE_FO", "BCD_FO", "BSE_INDEX", "MCX_FO", "MCX_INDEX",
    };
    static final String[] UNKNOWN_SEGMENTS = {"NSE_XX", "", "nse_eq", "NSE_EQ ", "BSE_INDEXX"};
    static final String[] INTERVALS = {"1d", "I1", "I1", "1d", "I30", "I5", "", "1w", "I0", "I01", "I99999", "I-1", "Ié", "d1", "I9999"};

    private final Random r;

    RandomFeedResponses(final Random random) {
        this.r = random;
    }

    static InstrumentRegistry registry() {
        final InstrumentRegistry registry = new InstrumentRegistry(64);
        for (final String key : REGISTERED_KEYS) {
            registry.register(key);
        }
        return registry;
    }

    // ---- values -----------------------------------------------------------------------------------

    double anyDouble() {
        switch (r.nextInt(12)) {
            case 0: return 0.0;
            case 1: return -0.0;
            case 2: return Double.NaN;
            case 3: return r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 4: return Double.longBitsToDouble(r.nextLong()); // any bit pattern, NaN payloads included
            case 5: return -r.nextInt(100_000) / 100.0;
            case 6: return Double.MIN_VALUE;
            default: return r.nextInt(10_000_000) / 20.0; // a price on a 0.05 tick
        }
    }

    long anyLong() {
        switch (r.nextInt(8)) {
            case 0: return 0;
            case 1: return -1 - r.nextInt(1000);
            case 2: return r.nextLong();
            case 3: return Long.MAX_VALUE;
            case 4: return Long.MIN_VALUE;
            case 5: return 1_700_000_000_000L + r.nextInt(1_000_000_000);
            default: return r.nextInt(1_000_000);
        }
    }

    int anyEnum(final int known) {
        final int k = r.nextInt(20);
        return k == 0 ? r.nextInt() : k == 1 ? known + r.nextInt(5) : r.nextInt(known);
    }

    String key() {
        return r.nextInt(10) == 0 ? UNREGISTERED_KEYS[r.nextInt(UNREGISTERED_KEYS.length)] : REGISTERED_KEYS[r.nextInt(REGISTERED_KEYS.length)];
    }

    private boolean chance(final int percent) {
        return r.nextInt(100) < percent;
    }

    // ---- generated-class messages ----------------------------------------------------------------

    /**
     * One instrument's LTPC frame shaped like Upstox's live feed (the decoder's straight-line template:
     * type, key, ltp, ltt, ltq, cp, currentTs), with values that sit on and just past the template's
     * edges: varints one byte shorter or longer, fields that are zero (so absent), requestMode, odd types.
     */
    FeedResponse liveLtpc() {
        final LTPC ltpc = LTPC.newBuilder().setLtp(liveDouble()).setLtt(liveTime()).setLtq(liveQuantity()).setCp(liveDouble()).build();
        final Feed.Builder feed = Feed.newBuilder().setLtpc(ltpc);
        if (chance(10)) {
            feed.setRequestModeValue(anyEnum(4));
        }
        final FeedResponse.Builder b = FeedResponse.newBuilder().setTypeValue(chance(85) ? 1 : anyEnum(300)).putFeeds(key(), feed.build());
        if (chance(95)) {
            b.setCurrentTs(liveTime());
        }
        return b.build();
    }

    /**
     * One instrument's full-mode frame shaped like Upstox's live feed (the decoder's full template):
     * marketFF (ltpc, five depth levels, optionGreeks for options, the day and one or two minute bars,
     * atp, vtt, oi, iv, tbq, tsq) or indexFF (ltpc, bars), with values on and past the template's edges:
     * prices zero (absent), negative or NaN, quantities of every varint length, levels and bars from none
     * to one past what the view keeps, intervals the template does not take, requestMode, type or
     * currentTs missing, no unknown fields (those go to the general parser anyway).
     */
    FeedResponse liveFull() {
        final LTPC ltpc = LTPC.newBuilder().setLtp(liveDouble()).setLtt(liveTime()).setLtq(liveQuantity()).setCp(liveDouble()).build();
        final FullFeed.Builder full = FullFeed.newBuilder();
        final MarketOHLC.Builder bars = MarketOHLC.newBuilder();
        final int barCount = chance(80) ? 2 + r.nextInt(2) : r.nextInt(MarketFeedView.MAX_OHLC_BARS + 2);
        for (int i = 0; i < barCount; i++) {
            final OHLC.Builder o = OHLC.newBuilder().setInterval(chance(90) ? (i == 0 ? "1d" : "I" + (chance(90) ? 1 : r.nextInt(12)))
                : INTERVALS[r.nextInt(INTERVALS.length)]);
            o.setOpen(liveDouble()).setHigh(liveDouble()).setLow(liveDouble()).setClose(liveDouble()).setVol(liveQuantity()).setTs(liveTime());
            bars.addOhlc(o);
        }
        if (chance(85)) {
            final MarketFullFeed.Builder m = MarketFullFeed.newBuilder();
            if (chance(97)) {
                m.setLtpc(ltpc);
            }
            if (chance(95)) {
                final MarketLevel.Builder level = MarketLevel.newBuilder();
                final int levels = chance(80) ? 5 : chance(50) ? MarketFeedView.MAX_DEPTH_LEVELS + r.nextInt(2) : r.nextInt(6);
                for (int i = 0; i < levels; i++) {
                    final Quote.Builder q = Quote.newBuilder();
                    if (chance(95)) {
                        q.setBidQ(liveQuantity()).setBidP(liveDouble());
                    }
                    if (chance(95)) {
                        q.setAskQ(liveQuantity()).setAskP(liveDouble());
                    }
                    level.addBidAskQuote(q);
                }
                m.setMarketLevel(level);
            }
            if (chance(40)) {
                m.setOptionGreeks(OptionGreeks.newBuilder().setDelta(liveDouble()).setTheta(liveDouble()).setGamma(liveDouble())
                    .setVega(liveDouble()).setRho(chance(80) ? liveDouble() : 0));
            }
            if (chance(95)) {
                m.setMarketOHLC(bars);
            }
            m.setAtp(chance(90) ? liveDouble() : 0).setVtt(chance(90) ? liveQuantity() : 0).setOi(chance(50) ? liveDouble() : 0)
                .setIv(chance(50) ? liveDouble() : 0).setTbq(chance(90) ? liveDouble() : 0).setTsq(chance(90) ? liveDouble() : 0);
            full.setMarketFF(m);
        } else {
            final IndexFullFeed.Builder index = IndexFullFeed.newBuilder();
            if (chance(97)) {
                index.setLtpc(ltpc);
            }
            if (chance(95)) {
                index.setMarketOHLC(bars);
            }
            full.setIndexFF(index);
        }
        final Feed.Builder feed = Feed.newBuilder().setFullFeed(full);
        if (chance(95)) {
            feed.setRequestModeValue(chance(90) ? 1 : anyEnum(300));
        }
        final FeedResponse.Builder b = FeedResponse.newBuilder().setTypeValue(chance(85) ? 1 : anyEnum(300)).putFeeds(key(), feed.build());
        if (chance(95)) {
            b.setCurrentTs(liveTime());
        }
        return b.build();
    }

    private double liveDouble() {
        final double d = anyDouble();
        return Double.doubleToRawLongBits(d) == 0 && chance(90) ? 1.5 : d;
    }

    /** Epoch ms; six-byte varints are [2^35, 2^42), the edges and a little past them included. */
    private long liveTime() {
        switch (r.nextInt(8)) {
            case 0: return (1L << 35) - 2 + r.nextInt(4);
            case 1: return (1L << 42) - 2 + r.nextInt(4);
            case 2: return anyLong();
            default: return 1_600_000_000_000L + (long) (r.nextDouble() * 300_000_000_000L);
        }
    }

    /** A quantity of 0 to 64 significant bits: varints of every length, negative ones (ten bytes) included. */
    private long liveQuantity() {
        final int bits = chance(50) ? 1 + r.nextInt(14) : r.nextInt(65);
        return bits == 0 ? 0 : r.nextLong() >>> (Long.SIZE - bits) | 1L << (bits - 1);
    }

    FeedResponse response() {
        final FeedResponse.Builder b = FeedResponse.newBuilder();
        if (chance(90)) {
            b.setTypeValue(anyEnum(3));
        }
        final int feeds = chance(5) ? 20 + r.nextInt(30) : r.nextInt(6);
        for (int i = 0; i < feeds; i++) {
            b.putFeeds(key(), feed());
        }
        if (chance(85)) {
            b.setCurrentTs(anyLong());
        }
        if (chance(25)) {
            final MarketInfo.Builder info = MarketInfo.newBuilder();
            final int n = r.nextInt(13);
            for (int i = 0; i < n; i++) {
                final String segment = chance(85) ? SEGMENT_NAMES[r.nextInt(SEGMENT_NAMES.length)] : UNKNOWN_SEGMENTS[r.nextInt(UNKNOWN_SEGMENTS.length)];
                info.putSegmentStatusValue(segment, anyEnum(6));
            }
            info.setUnknownFields(unknownFields());
            b.setMarketInfo(info);
        }
        b.setUnknownFields(unknownFields());
        return b.build();
    }

    Feed feed() {
        final Feed.Builder b = Feed.newBuilder();
        switch (r.nextInt(8)) {
            case 0: break; // no oneof case
            case 1:
            case 2: b.setLtpc(ltpc()); break;
            case 3:
            case 4: b.setFullFeed(FullFeed.newBuilder().setMarketFF(marketFullFeed()).setUnknownFields(unknownFields())); break;
            case 5: b.setFullFeed(FullFeed.newBuilder().setIndexFF(indexFullFeed()).setUnknownFields(unknownFields())); break;
            case 6: b.setFirstLevelWithGreeks(firstLevelWithGreeks()); break;
            default: b.setFullFeed(FullFeed.newBuilder().setUnknownFields(unknownFields())); break;
        }
        if (chance(70)) {
            b.setRequestModeValue(anyEnum(4));
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    LTPC ltpc() {
        final LTPC.Builder b = LTPC.newBuilder();
        if (chance(90)) {
            b.setLtp(anyDouble());
        }
        if (chance(90)) {
            b.setLtt(anyLong());
        }
        if (chance(80)) {
            b.setLtq(anyLong());
        }
        if (chance(80)) {
            b.setCp(anyDouble());
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    Quote quote() {
        final Quote.Builder b = Quote.newBuilder();
        if (chance(90)) {
            b.setBidQ(anyLong());
        }
        if (chance(90)) {
            b.setBidP(anyDouble());
        }
        if (chance(90)) {
            b.setAskQ(anyLong());
        }
        if (chance(90)) {
            b.setAskP(anyDouble());
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    OptionGreeks greeks() {
        return OptionGreeks.newBuilder().setDelta(anyDouble()).setTheta(anyDouble()).setGamma(chance(80) ? anyDouble() : 0)
            .setVega(anyDouble()).setRho(chance(80) ? anyDouble() : 0).setUnknownFields(unknownFields()).build();
    }

    MarketOHLC marketOhlc() {
        final MarketOHLC.Builder b = MarketOHLC.newBuilder();
        final int bars = r.nextInt(MarketFeedView.MAX_OHLC_BARS - 1);
        for (int i = 0; i < bars; i++) {
            final OHLC.Builder o = OHLC.newBuilder();
            if (chance(95)) {
                o.setInterval(INTERVALS[r.nextInt(INTERVALS.length)]);
            }
            o.setOpen(anyDouble()).setHigh(anyDouble()).setLow(anyDouble()).setClose(anyDouble());
            if (chance(90)) {
                o.setVol(anyLong());
            }
            if (chance(90)) {
                o.setTs(anyLong());
            }
            b.addOhlc(o.setUnknownFields(unknownFields()));
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    MarketFullFeed marketFullFeed() {
        final MarketFullFeed.Builder b = MarketFullFeed.newBuilder();
        if (chance(90)) {
            b.setLtpc(ltpc());
        }
        if (chance(85)) {
            final MarketLevel.Builder level = MarketLevel.newBuilder();
            final int levels = chance(30) ? MarketFeedView.MAX_DEPTH_LEVELS : chance(50) ? 5 : r.nextInt(MarketFeedView.MAX_DEPTH_LEVELS + 1);
            for (int i = 0; i < levels; i++) {
                level.addBidAskQuote(quote());
            }
            b.setMarketLevel(level.setUnknownFields(unknownFields()));
        }
        if (chance(50)) {
            b.setOptionGreeks(greeks());
        }
        if (chance(85)) {
            b.setMarketOHLC(marketOhlc());
        }
        if (chance(85)) {
            b.setAtp(anyDouble());
        }
        if (chance(85)) {
            b.setVtt(anyLong());
        }
        if (chance(60)) {
            b.setOi(anyDouble());
        }
        if (chance(60)) {
            b.setIv(anyDouble());
        }
        if (chance(85)) {
            b.setTbq(anyDouble());
        }
        if (chance(85)) {
            b.setTsq(anyDouble());
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    IndexFullFeed indexFullFeed() {
        final IndexFullFeed.Builder b = IndexFullFeed.newBuilder();
        if (chance(90)) {
            b.setLtpc(ltpc());
        }
        if (chance(80)) {
            b.setMarketOHLC(marketOhlc());
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    FirstLevelWithGreeks firstLevelWithGreeks() {
        final FirstLevelWithGreeks.Builder b = FirstLevelWithGreeks.newBuilder();
        if (chance(90)) {
            b.setLtpc(ltpc());
        }
        if (chance(80)) {
            b.setFirstDepth(quote());
        }
        if (chance(80)) {
            b.setOptionGreeks(greeks());
        }
        if (chance(80)) {
            b.setVtt(anyLong());
        }
        if (chance(80)) {
            b.setOi(anyDouble());
        }
        if (chance(80)) {
            b.setIv(anyDouble());
        }
        return b.setUnknownFields(unknownFields()).build();
    }

    /** 0–3 unknown fields (numbers no message of the schema uses) of every wire type, groups nested. */
    UnknownFieldSet unknownFields() {
        final UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder();
        if (!chance(30)) {
            return b.build();
        }
        final int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            b.mergeField(unknownNumber(), unknownField(2));
        }
        return b.build();
    }

    private UnknownFieldSet.Field unknownField(final int groupDepth) {
        final UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
        switch (r.nextInt(groupDepth > 0 ? 5 : 4)) {
            case 0: f.addVarint(anyLong()); break;
            case 1: f.addFixed32(r.nextInt()); break;
            case 2: f.addFixed64(r.nextLong()); break;
            case 3: f.addLengthDelimited(ByteString.copyFrom(randomBytes(r.nextInt(20)))); break;
            default: {
                final UnknownFieldSet.Builder group = UnknownFieldSet.newBuilder();
                final int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    group.mergeField(unknownNumber(), unknownField(groupDepth - 1));
                }
                f.addGroup(group.build());
            }
        }
        return f.build();
    }

    private int unknownNumber() {
        final int k = r.nextInt(10);
        return k == 0 ? 536_870_911 : k == 1 ? 11 + r.nextInt(100_000) : 11 + r.nextInt(40);
    }

    byte[] randomBytes(final int n) {
        final byte[] bytes = new byte[n];
        r.nextBytes(bytes);
        return bytes;
    }

    // ---- hand-written wire --------------------------------------------------------------------------

    byte[] rawResponse() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(90, () -> chunks.add(varint(1, anyEnum(3))));
        final int feeds = chance(5) ? 20 + r.nextInt(20) : r.nextInt(6);
        for (int i = 0; i < feeds; i++) {
            chunks.add(bytes(2, rawFeedsEntry()));
        }
        repeat(85, () -> chunks.add(varint(3, anyLong())));
        repeat(25, () -> chunks.add(bytes(4, rawMarketInfo())));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawFeedsEntry() {
        final List<byte[]> chunks = new ArrayList<>();
        if (chance(95)) {
            chunks.add(string(1, key()));
            if (chance(5)) {
                chunks.add(string(1, key()));
            }
        }
        if (chance(95)) {
            chunks.add(bytes(2, rawFeed()));
            if (chance(5)) {
                chunks.add(bytes(2, rawFeed())); // a second value: protobuf merges it into the first
            }
        }
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawFeed() {
        final List<byte[]> chunks = new ArrayList<>();
        final int kind = r.nextInt(5);
        final int times = chance(10) ? 2 : 1; // the same oneof case twice merges
        for (int t = 0; t < times; t++) {
            switch (kind) {
                case 1: chunks.add(bytes(1, rawLtpc())); break;
                case 2: chunks.add(bytes(2, rawFullFeed())); break;
                case 3: chunks.add(bytes(3, rawFirstLevel())); break;
                default: break;
            }
        }
        repeat(70, () -> chunks.add(varint(4, anyEnum(4))));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawFullFeed() {
        final List<byte[]> chunks = new ArrayList<>();
        final int times = chance(10) ? 2 : 1;
        final int kind = r.nextInt(3);
        for (int t = 0; t < times; t++) {
            if (kind == 1) {
                chunks.add(bytes(1, rawMarketFullFeed()));
            } else if (kind == 2) {
                chunks.add(bytes(2, rawIndexFullFeed()));
            }
        }
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawMarketFullFeed() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(90, () -> chunks.add(bytes(1, rawLtpc())));
        repeat(85, () -> chunks.add(bytes(2, rawRepeated(1, r.nextInt(chance(20) ? 40 : 12), this::rawQuote))));
        repeat(50, () -> chunks.add(bytes(3, rawGreeks())));
        repeat(85, () -> chunks.add(bytes(4, rawRepeated(1, r.nextInt(chance(10) ? 12 : 5), this::rawOhlc))));
        repeat(85, () -> chunks.add(dbl(5, anyDouble())));
        repeat(85, () -> chunks.add(varint(6, anyLong())));
        for (int f = 7; f <= 10; f++) {
            final int field = f;
            repeat(70, () -> chunks.add(dbl(field, anyDouble())));
        }
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawIndexFullFeed() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(90, () -> chunks.add(bytes(1, rawLtpc())));
        repeat(80, () -> chunks.add(bytes(2, rawRepeated(1, r.nextInt(5), this::rawOhlc))));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawFirstLevel() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(90, () -> chunks.add(bytes(1, rawLtpc())));
        repeat(80, () -> chunks.add(bytes(2, rawQuote())));
        repeat(80, () -> chunks.add(bytes(3, rawGreeks())));
        repeat(80, () -> chunks.add(varint(4, anyLong())));
        repeat(80, () -> chunks.add(dbl(5, anyDouble())));
        repeat(80, () -> chunks.add(dbl(6, anyDouble())));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawLtpc() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(90, () -> chunks.add(dbl(1, anyDouble())));
        repeat(90, () -> chunks.add(varint(2, anyLong())));
        repeat(80, () -> chunks.add(varint(3, anyLong())));
        repeat(80, () -> chunks.add(dbl(4, anyDouble())));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawQuote() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(90, () -> chunks.add(varint(1, anyLong())));
        repeat(90, () -> chunks.add(dbl(2, anyDouble())));
        repeat(90, () -> chunks.add(varint(3, anyLong())));
        repeat(90, () -> chunks.add(dbl(4, anyDouble())));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawGreeks() {
        final List<byte[]> chunks = new ArrayList<>();
        for (int f = 1; f <= 5; f++) {
            final int field = f;
            repeat(85, () -> chunks.add(dbl(field, anyDouble())));
        }
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawOhlc() {
        final List<byte[]> chunks = new ArrayList<>();
        repeat(95, () -> chunks.add(string(1, INTERVALS[r.nextInt(INTERVALS.length)])));
        for (int f = 2; f <= 5; f++) {
            final int field = f;
            repeat(90, () -> chunks.add(dbl(field, anyDouble())));
        }
        repeat(90, () -> chunks.add(varint(6, anyLong())));
        repeat(90, () -> chunks.add(varint(7, anyLong())));
        addUnknown(chunks);
        Collections.shuffle(chunks, r);
        return concat(chunks);
    }

    private byte[] rawMarketInfo() {
        final List<byte[]> chunks = new ArrayList<>();
        final int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            final List<byte[]> entry = new ArrayList<>();
            if (chance(90)) {
                entry.add(string(1, chance(85) ? SEGMENT_NAMES[r.nextInt(SEGMENT_NAMES.length)] : UNKNOWN_SEGMENTS[r.nextInt(UNKNOWN_SEGMENTS.length)]));
            }
            if (chance(90)) {
                entry.add(varint(2, anyEnum(6)));
            }
            addUnknown(entry);
            Collections.shuffle(entry, r);
            chunks.add(bytes(1, concat(entry)));
        }
        addUnknown(chunks);
        return concat(chunks);
    }

    private byte[] rawRepeated(final int field, final int count, final java.util.function.Supplier<byte[]> element) {
        final List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chunks.add(bytes(field, element.get()));
        }
        addUnknown(chunks);
        return concat(chunks);
    }

    private void repeat(final int percent, final Runnable add) {
        if (chance(percent)) {
            add.run();
            if (chance(8)) {
                add.run(); // a repeated scalar: last wins; a repeated message: merges
            }
        }
    }

    private void addUnknown(final List<byte[]> chunks) {
        if (chance(25)) {
            final int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                final UnknownFieldSet set = UnknownFieldSet.newBuilder().mergeField(unknownNumber(), unknownField(2)).build();
                chunks.add(set.toByteArray());
            }
        }
    }

    static byte[] concat(final List<byte[]> chunks) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    static byte[] varint(final int field, final long value) {
        return write(c -> c.writeUInt64(field, value));
    }

    static byte[] dbl(final int field, final double value) {
        return write(c -> c.writeDouble(field, value));
    }

    static byte[] bytes(final int field, final byte[] value) {
        return write(c -> c.writeByteArray(field, value));
    }

    static byte[] string(final int field, final String value) {
        return write(c -> c.writeString(field, value));
    }

    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] write(final Writer writer) {
        try {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.kavach.feed.market;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
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
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.OHLC;
import io.kavach.feed.proto.MarketDataFeedV3.OptionGreeks;
import io.kavach.feed.proto.MarketDataFeedV3.Quote;
import io.kavach.feed.proto.MarketDataFeedV3.RequestMode;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.kavach.feed.market.RandomFeedResponses.bytes;
import static io.kavach.feed.market.RandomFeedResponses.concat;
import static io.kavach.feed.market.RandomFeedResponses.dbl;
import static io.kavach.feed.market.RandomFeedResponses.string;
import static io.kavach.feed.market.RandomFeedResponses.varint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketFeedDecoderTest {
    private static final String RELIANCE = "NSE_EQ|INE002A01018";
    private static final String NIFTY = "NSE_INDEX|Nifty 50";
    private static final String OPTION = "NSE_FO|43919";

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final int relianceId;
    private final int niftyId;
    private final int optionId;
    private final CapturingHandler handler = new CapturingHandler();
    private final MarketFeedDecoder decoder = new MarketFeedDecoder(registry, handler);

    MarketFeedDecoderTest() {
        registry.register("NSE_EQ|INE009A01021");
        relianceId = registry.register(RELIANCE);
        niftyId = registry.register(NIFTY);
        optionId = registry.register(OPTION);
    }

    /** Copies the values a test looks at out of the reused view. */
    private static final class CapturingHandler implements MarketFeedHandler {
        final List<MarketFeedView> seen = new ArrayList<>();
        final List<int[]> statuses = new ArrayList<>();
        final List<String> snapshots = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();

        @Override
        public void onFeed(final MarketFeedView feed) {
            seen.add(feed);
            ids.add(feed.instrumentId());
            snapshots.add(FeedSnapshot.of(feed));
        }

        @Override
        public void onMarketStatus(final int segment, final int status, final long currentTsEpochMs, final long receivedNanos) {
            statuses.add(new int[] {segment, status, (int) (currentTsEpochMs % 1_000_000), (int) receivedNanos});
        }
    }

    private int decode(final byte[] frame) {
        return decoder.decode(new UnsafeBuffer(frame), 0, frame.length, 77L);
    }

    private static LTPC ltpc(final double ltp, final long ltt, final long ltq, final double cp) {
        return LTPC.newBuilder().setLtp(ltp).setLtt(ltt).setLtq(ltq).setCp(cp).build();
    }

    @Test
    void shouldDeliverAnLtpcFeedWithItsInstrumentIdFrameTypeAndTimestamps() {
        final byte[] frame = FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_123L)
            .putFeeds(RELIANCE, Feed.newBuilder().setLtpc(ltpc(2_950.05, 1_700_000_000_100L, 25, 2_941.3)).build())
            .build().toByteArray();

        assertEquals(MarketFeedError.OK, decode(frame));

        assertEquals(1, handler.seen.size());
        final MarketFeedView v = handler.seen.get(0);
        assertEquals(relianceId, v.instrumentId());
        assertEquals(MarketFeedView.SHAPE_LTPC, v.shape());
        assertEquals(1, v.frameType());
        assertEquals(1_700_000_000_123L, v.currentTsEpochMs());
        assertEquals(77L, v.receivedNanos());
        assertEquals(2_950.05, v.ltp());
        assertEquals(1_700_000_000_100L, v.lttEpochMs());
        assertEquals(25, v.ltq());
        assertEquals(2_941.3, v.cp());
        assertEquals(0, v.depthLevels());
        assertEquals(0, v.ohlcCount());
        assertEquals(1, decoder.framesDecoded());
        assertEquals(1, decoder.feedsDelivered());
    }

    @Test
    void shouldDeliverAFullFeedWithThirtyDepthLevelsOhlcBarsGreeksAndDayTotals() {
        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        for (int i = 0; i < 30; i++) {
            depth.addBidAskQuote(Quote.newBuilder().setBidQ(100 + i).setBidP(100.0 - i * 0.05).setAskQ(200 + i).setAskP(100.05 + i * 0.05));
        }
        final MarketFullFeed full = MarketFullFeed.newBuilder()
            .setLtpc(ltpc(100.0, 1_700_000_000_000L, 10, 99.0))
            .setMarketLevel(depth)
            .setOptionGreeks(OptionGreeks.newBuilder().setDelta(0.5).setTheta(-1.25).setGamma(0.01).setVega(2.5).setRho(0.03))
            .setMarketOHLC(MarketOHLC.newBuilder()
                .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(98).setHigh(101).setLow(97.5).setClose(100).setVol(123_456).setTs(1_699_986_600_000L))
                .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(99.9).setHigh(100.1).setLow(99.8).setClose(100).setVol(1_000).setTs(1_699_999_940_000L))
                .addOhlc(OHLC.newBuilder().setInterval("I30").setOpen(1).setHigh(2).setLow(0.5).setClose(1.5).setVol(7).setTs(1)))
            .setAtp(99.75).setVtt(123_456).setOi(5_000).setIv(0.18).setTbq(1e6).setTsq(2e6)
            .build();
        final byte[] frame = FeedResponse.newBuilder().setType(Type.initial_feed).setCurrentTs(5)
            .putFeeds(OPTION, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setMarketFF(full)).setRequestMode(RequestMode.full_d30).build())
            .build().toByteArray();

        assertEquals(MarketFeedError.OK, decode(frame));

        final MarketFeedView v = handler.seen.get(0);
        assertEquals(MarketFeedView.SHAPE_MARKET_FULL, v.shape());
        assertEquals(3, v.requestMode());
        assertEquals(0, v.frameType());
        assertEquals(30, v.depthLevels());
        assertEquals(129, v.bidQty(29));
        assertEquals(100.0 - 29 * 0.05, v.bidPrice(29));
        assertEquals(229, v.askQty(29));
        assertEquals(100.05 + 29 * 0.05, v.askPrice(29));
        assertTrue(v.hasGreeks());
        assertEquals(-1.25, v.theta());
        assertEquals(3, v.ohlcCount());
        assertEquals(OhlcInterval.ONE_DAY, v.ohlcInterval(0));
        assertEquals(OhlcInterval.ONE_MINUTE, v.ohlcInterval(1));
        assertEquals(30, v.ohlcInterval(2));
        assertEquals(97.5, v.ohlcLow(0));
        assertEquals(1_699_999_940_000L, v.ohlcTsEpochMs(1));
        assertEquals(99.75, v.atp());
        assertEquals(123_456, v.vtt());
        assertEquals(2e6, v.tsq());
    }

    @Test
    void shouldDeliverIndexFullFeedsAndFirstLevelWithGreeks() {
        final byte[] frame = FeedResponse.newBuilder().setType(Type.live_feed)
            .putFeeds(NIFTY, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setIndexFF(IndexFullFeed.newBuilder()
                .setLtpc(ltpc(19_500.5, 9, 0, 19_400))
                .setMarketOHLC(MarketOHLC.newBuilder().addOhlc(OHLC.newBuilder().setInterval("1d").setHigh(19_600))))).build())
            .putFeeds(OPTION, Feed.newBuilder().setFirstLevelWithGreeks(FirstLevelWithGreeks.newBuilder()
                .setLtpc(ltpc(12.5, 8, 75, 10))
                .setFirstDepth(Quote.newBuilder().setBidQ(150).setBidP(12.45).setAskQ(300).setAskP(12.55))
                .setOptionGreeks(OptionGreeks.newBuilder().setDelta(-0.4))
                .setVtt(9_000).setOi(120_000).setIv(0.22)).setRequestMode(RequestMode.option_greeks).build())
            .build().toByteArray();

        assertEquals(MarketFeedError.OK, decode(frame));

        assertEquals(List.of(niftyId, optionId), handler.ids);
        assertTrue(handler.snapshots.get(0).contains("shape=3"), handler.snapshots.get(0));
        assertTrue(handler.snapshots.get(0).contains("ohlc=[1d|-1|"), handler.snapshots.get(0));
        final MarketFeedView v = handler.seen.get(1); // the view is reused: it holds the last feed
        assertEquals(MarketFeedView.SHAPE_FIRST_LEVEL_WITH_GREEKS, v.shape());
        assertEquals(1, v.depthLevels());
        assertEquals(12.45, v.bidPrice(0));
        assertEquals(300, v.askQty(0));
        assertEquals(-0.4, v.delta());
        assertEquals(9_000, v.vtt());
        assertEquals(0.22, v.iv());
        assertEquals(2, v.requestMode());
    }

    @Test
    void shouldDeliverMarketStatusPerKnownSegmentAndCountUnknownSegments() {
        final byte[] frame = FeedResponse.newBuilder().setType(Type.market_info).setCurrentTs(1_700_000_123_456L)
            .setMarketInfo(MarketInfo.newBuilder()
                .putSegmentStatus("NSE_EQ", MarketStatus.NORMAL_OPEN)
                .putSegmentStatus("MCX_INDEX", MarketStatus.CLOSING_END)
                .putSegmentStatus("NSE_MOON", MarketStatus.NORMAL_OPEN))
            .build().toByteArray();

        assertEquals(MarketFeedError.OK, decode(frame));

        assertEquals(2, handler.statuses.size());
        assertEquals(Segments.NSE_EQ, handler.statuses.get(0)[0]);
        assertEquals(2, handler.statuses.get(0)[1]);
        assertEquals(123_456, handler.statuses.get(0)[2]);
        assertEquals(77, handler.statuses.get(0)[3]);
        assertEquals(Segments.MCX_INDEX, handler.statuses.get(1)[0]);
        assertEquals(5, handler.statuses.get(1)[1]);
        assertEquals(1, decoder.unknownSegments());
        assertEquals("NSE_MOON", decoder.lastUnknownSegment());
    }

    @Test
    void shouldAcceptMapEntriesWithValueBeforeKeyAndWithKeyOrValueMissing() {
        final byte[] ltpc = bytes(1, concat(List.of(dbl(1, 101.5), varint(2, 1_000))));
        final byte[] frame = concat(List.of(
            bytes(2, concat(List.of(bytes(2, ltpc), string(1, RELIANCE)))),   // value, then key
            bytes(2, string(1, NIFTY)),                                      // key only: a default Feed
            bytes(2, bytes(2, ltpc)),                                        // value only: key "" is unknown
            bytes(4, bytes(1, varint(2, 3))),                                // segment entry without key
            bytes(4, bytes(1, string(1, "BSE_EQ"))),                         // segment entry without value
            varint(3, 42)));                                                 // currentTs after the feeds

        assertEquals(MarketFeedError.OK, decode(frame));

        assertEquals(List.of(relianceId, niftyId), handler.ids);
        assertTrue(handler.snapshots.get(0).contains("ts=42 shape=1 mode=0 ltpc=true:4059600000000000,1000,"), handler.snapshots.get(0));
        assertTrue(handler.snapshots.get(1).contains("shape=0"), handler.snapshots.get(1));
        assertEquals(1, decoder.unknownInstruments());
        assertEquals("", decoder.lastUnknownInstrumentKey());
        assertEquals(1, decoder.unknownSegments());
        assertEquals(1, handler.statuses.size());
        assertEquals(Segments.BSE_EQ, handler.statuses.get(0)[0]);
        assertEquals(0, handler.statuses.get(0)[1]);
    }

    @Test
    void shouldSkipUnknownFieldsOfEveryWireTypeAtEveryLevel() {
        final UnknownFieldSet nested = UnknownFieldSet.newBuilder()
            .mergeField(77, UnknownFieldSet.Field.newBuilder().addVarint(-1).build())
            .mergeField(78, UnknownFieldSet.Field.newBuilder().addGroup(UnknownFieldSet.newBuilder()
                .mergeField(5, UnknownFieldSet.Field.newBuilder().addFixed32(7).build()).build()).build())
            .build();
        final UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
            .mergeField(11, UnknownFieldSet.Field.newBuilder().addVarint(Long.MIN_VALUE).build())
            .mergeField(12, UnknownFieldSet.Field.newBuilder().addFixed64(-5).build())
            .mergeField(13, UnknownFieldSet.Field.newBuilder().addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("closing auction")).build())
            .mergeField(14, UnknownFieldSet.Field.newBuilder().addGroup(nested).build())
            .mergeField(536_870_911, UnknownFieldSet.Field.newBuilder().addFixed32(9).build())
            .build();
        final Feed feed = Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setMarketFF(MarketFullFeed.newBuilder()
                .setLtpc(ltpc(10, 1, 1, 9).toBuilder().setUnknownFields(unknown))
                .setMarketLevel(MarketLevel.newBuilder().addBidAskQuote(Quote.newBuilder().setBidP(9.95).setUnknownFields(unknown)).setUnknownFields(unknown))
                .setMarketOHLC(MarketOHLC.newBuilder().addOhlc(OHLC.newBuilder().setInterval("I1").setClose(10).setUnknownFields(unknown)).setUnknownFields(unknown))
                .setVtt(5).setUnknownFields(unknown)).setUnknownFields(unknown))
            .setUnknownFields(unknown).build();
        final FeedResponse message = FeedResponse.newBuilder().putFeeds(RELIANCE, feed).setCurrentTs(3).setUnknownFields(unknown).build();

        assertEquals(MarketFeedError.OK, decode(message.toByteArray()));

        assertEquals(List.of(FeedSnapshot.of(RELIANCE, 0, 3, feed)), handler.snapshots);
    }

    @Test
    void shouldDecodeEveryVariantOfTheSingleLtpcFrameExactlyAsProtobufParsesIt() throws Exception {
        final List<byte[]> frames = new ArrayList<>();
        for (int mask = 0; mask < 64; mask++) {
            final LTPC.Builder l = LTPC.newBuilder();
            if ((mask & 1) != 0) {
                l.setLtp(2_950.05);
            }
            if ((mask & 2) != 0) {
                l.setLtt(1_700_000_000_100L);
            }
            if ((mask & 4) != 0) {
                l.setLtq(-3);
            }
            if ((mask & 8) != 0) {
                l.setCp(Double.NaN);
            }
            final Feed.Builder f = Feed.newBuilder().setLtpc(l);
            if ((mask & 16) != 0) {
                f.setRequestModeValue(300);
            }
            final FeedResponse.Builder r = FeedResponse.newBuilder().putFeeds(mask % 3 == 0 ? "NSE_EQ|UNKNOWN" : RELIANCE, f.build());
            if ((mask & 32) != 0) {
                r.setType(Type.live_feed).setCurrentTs(1_700_000_000_123L);
            }
            frames.add(r.build().toByteArray());
        }
        // not canonical: a repeated ltp (last wins) and ltq before ltt, which the general parser must handle
        frames.add(bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, bytes(1, concat(List.of(dbl(1, 1.0), dbl(1, 2.0)))))))));
        frames.add(bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, bytes(1, concat(List.of(varint(3, 9), varint(2, 8)))))))));
        for (final byte[] frame : frames) {
            handler.snapshots.clear();
            assertEquals(MarketFeedError.OK, decode(frame));
            final FeedResponse parsed = FeedResponse.parseFrom(frame);
            final List<String> expected = new ArrayList<>();
            parsed.getFeedsMap().forEach((key, feed) -> {
                if (registry.find(key) != InstrumentRegistry.NOT_FOUND) {
                    expected.add(FeedSnapshot.of(key, parsed.getTypeValue(), parsed.getCurrentTs(), feed));
                }
            });
            assertEquals(expected, handler.snapshots);
        }
        assertEquals(22, decoder.unknownInstruments());
    }

    /** Decodes {@code frame} and checks the outcome against protobuf-java's parse of the same bytes. */
    /** {@code live} decodes like protobuf from the heap, and to the same view from native memory at {@code offset}, flush against the buffer's end. */
    private void assertDecodesAlikeFromNativeMemory(final byte[] live, final int offset) {
        assertDecodesLikeProtobuf(live, "whole");
        final String fromHeap = handler.snapshots.get(0);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(live.length + offset));
        direct.putBytes(offset, live);
        handler.snapshots.clear();
        assertEquals(MarketFeedError.OK, decoder.decode(direct, offset, live.length, 77L));
        assertEquals(List.of(fromHeap), handler.snapshots, "the same frame from native memory at an offset");
    }

    private void assertDecodesLikeProtobuf(final byte[] frame, final String context) {
        FeedResponse parsed;
        try {
            parsed = FeedResponse.parseFrom(frame);
        } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
            parsed = null;
        }
        handler.snapshots.clear();
        final long rejectedBefore = decoder.framesRejected();
        final int rc = decode(frame);
        if (parsed == null) {
            assertTrue(rc != MarketFeedError.OK, context + ": protobuf rejects it, the decoder must too");
            assertEquals(rejectedBefore + 1, decoder.framesRejected(), context);
            assertEquals(List.of(), handler.snapshots, context);
            return;
        }
        assertEquals(MarketFeedError.OK, rc, () -> context + ": " + decoder.describeLastError());
        final FeedResponse expected = parsed;
        final List<String> wanted = new ArrayList<>();
        expected.getFeedsMap().forEach((key, feed) -> {
            if (registry.find(key) != InstrumentRegistry.NOT_FOUND) {
                wanted.add(FeedSnapshot.of(key, expected.getTypeValue(), expected.getCurrentTs(), feed));
            }
        });
        assertEquals(wanted, handler.snapshots, context);
    }

    /** A feeds map entry (field 2) for {@code key} whose Feed holds only an LTPC with these bytes. */
    private static byte[] entry(final String key, final byte[] ltpcBytes) {
        return bytes(2, concat(List.of(string(1, key), bytes(2, bytes(1, ltpcBytes)))));
    }

    private static byte[] liveLtpc(final int type, final String key, final double ltp, final long ltt, final long ltq, final double cp,
                                   final int mode, final long ts) {
        return FeedResponse.newBuilder().setTypeValue(type).setCurrentTs(ts)
            .putFeeds(key, Feed.newBuilder().setLtpc(ltpc(ltp, ltt, ltq, cp)).setRequestModeValue(mode).build()).build().toByteArray();
    }

    @Test
    void shouldDecodeLiveLtpcFramesOnAndPastEveryEdgeOfTheStraightLineTemplateExactlyAsProtobuf() {
        final String key8 = "NSE_FO|1";
        final String key24 = "NSE_FO|123456789012345678".substring(0, 24);
        final String key25 = "NSE_FO|1234567890123456789";
        final String key88 = "NSE_EQ|" + "X".repeat(81);
        final String key89 = key88 + "Y";
        for (final String key : List.of(key8, key24, key25, key88, key89)) {
            registry.register(key);
        }
        final long t = 1_700_000_000_100L;
        final List<byte[]> frames = new ArrayList<>();
        // one value at a time on and just past the template's limits, the others as Upstox sends them
        for (final long ltq : new long[] {1, 127, 128, (1L << 14) - 1, 1L << 14, 1L << 21, (1L << 49) - 1, 1L << 49, Long.MAX_VALUE, -1, 0}) {
            frames.add(liveLtpc(1, RELIANCE, 2_950.05, t, ltq, 2_941.3, 0, t + 23));
        }
        for (final long time : new long[] {(1L << 35) - 1, 1L << 35, (1L << 42) - 1, 1L << 42, 0, -t}) {
            frames.add(liveLtpc(1, RELIANCE, 2_950.05, time, 25, 2_941.3, 0, t));
            frames.add(liveLtpc(1, RELIANCE, 2_950.05, t, 25, 2_941.3, 0, time));
        }
        for (final int type : new int[] {0, 1, 2, 127, 128, -1}) {
            frames.add(liveLtpc(type, RELIANCE, 2_950.05, t, 25, 2_941.3, 0, t));
        }
        for (final String key : List.of(key8, key24, key25, key88, key89, OPTION, NIFTY, "NSE_EQ|UNKNOWN", "")) {
            frames.add(liveLtpc(1, key, 2_950.05, t, 25, 2_941.3, 0, t));
        }
        for (final double price : new double[] {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x2100_0000_0000_0018L)}) {
            frames.add(liveLtpc(1, RELIANCE, price, t, 25, 2_941.3, 0, t));
            frames.add(liveLtpc(1, RELIANCE, 2_950.05, t, 25, price, 0, t));
        }
        frames.add(liveLtpc(1, RELIANCE, 2_950.05, t, 25, 2_941.3, 1, t)); // requestMode present
        // varints padded to six bytes (and ltq to two) with continuation bytes, which protobuf accepts
        final byte[] padded = concat(List.of(dbl(1, 2_950.05), new byte[] {0x10, (byte) 0x85, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, 0x00}, new byte[] {0x18, (byte) 0x81, 0x00}, dbl(4, 2_941.3)));
        frames.add(concat(List.of(varint(1, 1), entry(RELIANCE, padded),
            new byte[] {0x18, (byte) 0xFF, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00})));
        // the template's fields out of order: ltq before ltt, currentTs before the feed
        frames.add(concat(List.of(varint(1, 1),
            entry(RELIANCE, concat(List.of(dbl(1, 2_950.05), varint(3, 25), varint(2, t), dbl(4, 2_941.3)))), varint(3, t))));
        frames.add(concat(List.of(varint(1, 1), varint(3, t),
            entry(RELIANCE, concat(List.of(dbl(1, 2_950.05), varint(2, t), varint(3, 25), dbl(4, 2_941.3)))))));
        for (int i = 0; i < frames.size(); i++) {
            assertDecodesLikeProtobuf(frames.get(i), "frame #" + i);
        }
        // every prefix and every single-bit flip of the frame the template takes
        final byte[] live = liveLtpc(1, RELIANCE, 2_950.05, t, 25, 2_941.3, 0, t + 23);
        assertDecodesAlikeFromNativeMemory(live, 13);
        for (int cut = 0; cut < live.length; cut++) {
            assertDecodesLikeProtobuf(java.util.Arrays.copyOf(live, cut), "cut at " + cut);
        }
        for (int bit = 0; bit < live.length * 8; bit++) {
            final byte[] flipped = live.clone();
            flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
            final int rc = decode(flipped);
            assertTrue(rc == MarketFeedError.OK || decoder.framesRejected() > 0, "flip " + bit);
            if (rc == MarketFeedError.OK) {
                assertDecodesLikeProtobuf(flipped, "flip " + bit);
            }
        }
    }

    /** A marketFF frame (type 1, mode full_d5, currentTs) around these MarketFullFeed bytes, for {@code key}. */
    private static byte[] fullFrame(final String key, final byte[] marketFullFeed) {
        return concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, key),
            bytes(2, concat(List.of(bytes(2, bytes(1, marketFullFeed)), varint(4, 1))))))), varint(3, 1_700_000_000_123L)));
    }

    @Test
    void shouldDecodeFullFramesOnAndPastEveryEdgeOfTheStraightLineTemplateExactlyAsProtobuf() {
        final long t = 1_700_000_000_100L;
        final byte[] ltpc = bytes(1, concat(List.of(dbl(1, 2_950.05), varint(2, t), varint(3, 25), dbl(4, 2_941.3))));
        final byte[] quote = bytes(1, concat(List.of(varint(1, 100), dbl(2, 2_950.0), varint(3, 90), dbl(4, 2_950.1))));
        final byte[] depth = bytes(2, concat(List.of(quote, quote, quote, quote, quote)));
        final byte[] greeks = bytes(3, concat(List.of(dbl(1, 0.5), dbl(2, -1.25), dbl(3, 0.01), dbl(4, 2.5), dbl(5, 0.1))));
        final byte[] day = bytes(1, concat(List.of(string(1, "1d"), dbl(2, 2_900), dbl(3, 2_960.4), dbl(4, 2_890.1), dbl(5, 2_950.05),
            varint(6, 4_567_890), varint(7, t - 13_500_000))));
        final byte[] minute = bytes(1, concat(List.of(string(1, "I1"), dbl(2, 2_949.5), dbl(3, 2_951), dbl(4, 2_949), dbl(5, 2_950.2),
            varint(6, 12_345), varint(7, t - 60_000))));
        final byte[] ohlc = bytes(4, concat(List.of(day, minute)));
        final byte[] totals = concat(List.of(dbl(5, 2_941.57), varint(6, 4_567_890), dbl(7, 12.0), dbl(8, 0.18), dbl(9, 812_345), dbl(10, 790_123)));
        final byte[] upstox = concat(List.of(ltpc, depth, greeks, ohlc, totals));
        final List<byte[]> frames = new ArrayList<>();
        frames.add(fullFrame(RELIANCE, upstox));
        frames.add(fullFrame(OPTION, upstox));
        frames.add(fullFrame("NSE_EQ|UNKNOWN", upstox)); // counted as unknown, by the general path
        // each part missing in turn, and all of them
        frames.add(fullFrame(RELIANCE, concat(List.of(depth, greeks, ohlc, totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, greeks, ohlc, totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, depth, ohlc, totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, depth, greeks, totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, depth, greeks, ohlc))));
        frames.add(fullFrame(RELIANCE, new byte[0]));
        // empty messages, and quotes and bars with fields left out (zeros, negatives and NaN as protobuf writes them)
        frames.add(fullFrame(RELIANCE, concat(List.of(bytes(1, new byte[0]), bytes(2, new byte[0]), bytes(3, new byte[0]), bytes(4, new byte[0])))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, concat(List.of(bytes(1, new byte[0]), bytes(1, concat(List.of(dbl(2, -1.0),
            varint(3, -1)))), bytes(1, concat(List.of(varint(1, 0), dbl(4, Double.NaN))))))), totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(4, concat(List.of(bytes(1, new byte[0]), bytes(1, concat(List.of(dbl(2, 1.0),
            varint(7, t)))), bytes(1, string(1, "I30")), bytes(1, string(1, "1w")), bytes(1, string(1, "I0")))))))));
        // the order changed: depth after OHLC, totals before depth, a quote's fields reversed, a repeated ltpc
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, ohlc, depth, totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, totals, depth))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, bytes(1, concat(List.of(dbl(4, 1.5), varint(3, 7), dbl(2, 1.25),
            varint(1, 3))))), totals))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, ltpc, depth))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, depth, greeks, ohlc, dbl(10, 1.0), dbl(5, 2.0)))));
        // unknown fields at every level of the template
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, depth, ohlc, totals, varint(11, 5)))));
        frames.add(fullFrame(RELIANCE, concat(List.of(bytes(1, concat(List.of(dbl(1, 1.0), varint(9, 1)))), depth))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, concat(List.of(quote, bytes(1, concat(List.of(varint(1, 1), varint(5, 1)))))))))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(4, bytes(1, concat(List.of(string(1, "I1"), dbl(2, 1.0), dbl(9, 1.0)))))))));
        // 30 and 31 depth levels, 8 and 9 bars (the view keeps 30 and 8; the rest is counted)
        final List<byte[]> thirty = new ArrayList<>(java.util.Collections.nCopies(MarketFeedView.MAX_DEPTH_LEVELS, quote));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, concat(thirty))))));
        thirty.add(quote);
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, concat(thirty))))));
        final List<byte[]> eight = new ArrayList<>(java.util.Collections.nCopies(MarketFeedView.MAX_OHLC_BARS, minute));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(4, concat(eight))))));
        eight.add(day);
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(4, concat(eight))))));
        // quantities of nine and ten bytes, an overlong length, an overlong quantity
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, bytes(1, concat(List.of(varint(1, 1L << 60), varint(3, Long.MIN_VALUE)))))))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, new byte[] {0x12, (byte) 0x82, 0x00, 0x0A, 0x00}))));
        frames.add(fullFrame(RELIANCE, concat(List.of(ltpc, bytes(2, bytes(1, new byte[] {0x08, (byte) 0x81, (byte) 0x80, 0x00}))))));
        // the index variant, and its marketFF field numbers inside it
        final byte[] index = concat(List.of(ltpc, bytes(2, concat(List.of(day, minute)))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, NIFTY), bytes(2, concat(List.of(bytes(2, bytes(2, index)),
            varint(4, 1))))))), varint(3, t))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, NIFTY), bytes(2, bytes(2, bytes(2, concat(List.of(ltpc,
            bytes(4, day))))))))), varint(3, t))));
        // the frame's outer levels: no type, no mode, no currentTs, mode 2 bytes, something after currentTs, two instruments
        final byte[] feed = bytes(2, concat(List.of(bytes(2, bytes(1, upstox)), varint(4, 1))));
        frames.add(concat(List.of(bytes(2, concat(List.of(string(1, RELIANCE), feed))), varint(3, t))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, bytes(2, bytes(1, upstox)))))), varint(3, t))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, RELIANCE), feed))))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, concat(List.of(bytes(2, bytes(1, upstox)),
            varint(4, 300))))))), varint(3, t))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, RELIANCE), feed))), varint(3, t), varint(1, 0))));
        frames.add(concat(List.of(varint(1, 1), bytes(2, concat(List.of(string(1, RELIANCE), feed))),
            bytes(2, concat(List.of(string(1, OPTION), feed))), varint(3, t))));
        for (int i = 0; i < frames.size(); i++) {
            assertDecodesLikeProtobuf(frames.get(i), "frame #" + i);
        }
        final long unknownBefore = decoder.unknownInstruments();
        decode(fullFrame("NSE_EQ|UNKNOWN", upstox));
        assertEquals(unknownBefore + 1, decoder.unknownInstruments(), "an unknown key is counted, not delivered");
        // every prefix of the frame the template takes is rejected and counted, like protobuf rejects it
        final byte[] live = fullFrame(RELIANCE, upstox);
        for (int cut = 0; cut < live.length; cut++) {
            final long rejected = decoder.framesRejected();
            assertDecodesLikeProtobuf(java.util.Arrays.copyOf(live, cut), "cut at " + cut);
            assertTrue(decoder.framesRejected() <= rejected + 1, "cut at " + cut);
        }
        // the same frame from native memory, flush against the end of the buffer
        assertDecodesAlikeFromNativeMemory(live, 5);
    }

    @Test
    void shouldKeepTheLastOfARepeatedScalarAndMergeRepeatedMessages() {
        final byte[] frame = bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, concat(List.of(
            bytes(1, concat(List.of(dbl(1, 1.0), varint(3, 5)))),
            bytes(1, concat(List.of(dbl(1, 2.0), dbl(4, 1.5))))))))));

        assertEquals(MarketFeedError.OK, decode(frame));

        final MarketFeedView v = handler.seen.get(0);
        assertEquals(2.0, v.ltp());
        assertEquals(5, v.ltq());
        assertEquals(1.5, v.cp());
    }

    @Test
    void shouldLetALaterOneofCaseReplaceAnEarlierOneLikeProtobuf() throws Exception {
        final byte[] feed = concat(List.of(
            bytes(1, concat(List.of(dbl(1, 1.0), varint(3, 5)))),
            bytes(3, concat(List.of(bytes(1, dbl(4, 7.0)), varint(4, 99))))));
        final byte[] frame = bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, feed))));

        assertEquals(MarketFeedError.OK, decode(frame));

        final String expected = FeedSnapshot.of(RELIANCE, 0, 0, FeedResponse.parseFrom(frame).getFeedsOrThrow(RELIANCE));
        assertEquals(expected, handler.snapshots.get(0));
        assertEquals(0.0, handler.seen.get(0).ltp());
    }

    /**
     * The fuzz failure seed=12272843776936 trial#172119, reduced: a map entry whose value comes first
     * (firstLevelWithGreeks, option_greeks), then the key, then a second value holding
     * fullFeed{indexFF{ltpc}}, an empty firstLevelWithGreeks and an empty fullFeed. The protobuf spec
     * (last oneof member wins, a member that comes back starts empty) gives an empty fullFeed, and so
     * does protobuf-java's DynamicMessage; protobuf-java's generated parser keeps the fullFeed builder
     * it made for the first occurrence and resumes it, giving the indexFF back. Two protobuf-java
     * parsers disagree on these bytes, Upstox never sends them: the frame is rejected, counted, named.
     */
    @Test
    void shouldRejectAFeedWhoseOneofMemberComesBackAfterAnotherMember() throws Exception {
        final byte[] firstValue = concat(List.of(bytes(3, bytes(1, dbl(1, 5.0))), varint(4, 2)));
        final byte[] secondValue = concat(List.of(
            bytes(2, bytes(2, bytes(1, concat(List.of(dbl(1, 130729.5), varint(3, 7)))))),
            bytes(3, new byte[0]),
            bytes(2, new byte[0])));
        final byte[] key = string(1, OPTION);
        final byte[] frame = bytes(2, concat(List.of(bytes(2, firstValue), key, bytes(2, secondValue))));

        final Feed generated = FeedResponse.parseFrom(frame).getFeedsOrThrow(OPTION);
        assertEquals(130729.5, generated.getFullFeed().getIndexFF().getLtpc().getLtp(), "protobuf-java gencode resumes the old member");
        final DynamicMessage dynamic = DynamicMessage.parseFrom(FeedResponse.getDescriptor(), frame);
        final Message entry = (Message) dynamic.getRepeatedField(FeedResponse.getDescriptor().findFieldByName("feeds"), 0);
        final Feed spec = Feed.parseFrom(((Message) entry.getField(entry.getDescriptorForType().findFieldByName("value"))).toByteArray());
        assertEquals(FullFeed.getDefaultInstance(), spec.getFullFeed(), "DynamicMessage follows the spec: the member starts empty");
        assertEquals(Feed.FeedUnionCase.FULLFEED, spec.getFeedUnionCase());

        final int secondFullFeedAt = 2 + 2 + firstValue.length + key.length + 2 + secondValue.length - 2;
        assertRejected(frame, MarketFeedError.ONEOF_SWITCHED_BACK, secondFullFeedAt, "Feed");
        assertEquals(2, decoder.lastErrorField());
    }

    @Test
    void shouldRejectAFullFeedWhoseMarketFeedComesBackAfterAnIndexFeed() throws Exception {
        final byte[] feed = concat(List.of(
            bytes(2, bytes(1, bytes(1, dbl(1, 1.0)))),
            bytes(2, bytes(2, new byte[0])),
            bytes(2, bytes(1, bytes(1, dbl(4, 2.0))))));
        final byte[] frame = bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, feed))));

        final MarketFullFeed generated = FeedResponse.parseFrom(frame).getFeedsOrThrow(RELIANCE).getFullFeed().getMarketFF();
        assertEquals(1.0, generated.getLtpc().getLtp(), "protobuf-java gencode resumes the first marketFF");
        assertRejected(frame, MarketFeedError.ONEOF_SWITCHED_BACK, frame.length - 13, "FullFeed"); // the last marketFF tag
        assertEquals(1, decoder.lastErrorField());
    }

    @Test
    void shouldStartAOneofMemberEmptyWhenOnlyAnEarlierMapValueHeldItLikeProtobuf() throws Exception {
        // The first value's ltpc was never read by this value's parser, so it does not come back: both
        // protobuf-java parsers and the spec agree the second value's ltpc starts empty.
        final byte[] frame = bytes(2, concat(List.of(string(1, RELIANCE),
            bytes(2, bytes(1, concat(List.of(dbl(1, 1.0), varint(3, 5))))),
            bytes(2, concat(List.of(bytes(2, bytes(2, new byte[0])), bytes(1, dbl(4, 2.0)), bytes(1, varint(2, 9))))))));

        assertEquals(MarketFeedError.OK, decode(frame), decoder::describeLastError);

        final String expected = FeedSnapshot.of(RELIANCE, 0, 0, FeedResponse.parseFrom(frame).getFeedsOrThrow(RELIANCE));
        assertEquals(expected, handler.snapshots.get(0));
        assertEquals(0.0, handler.seen.get(0).ltp());
        assertEquals(2.0, handler.seen.get(0).cp());
        assertEquals(9, handler.seen.get(0).lttEpochMs());
    }

    @Test
    void shouldSkipAnUnknownInstrumentAndStillDeliverTheRestOfTheFrame() {
        final byte[] frame = FeedResponse.newBuilder()
            .putFeeds(RELIANCE, Feed.newBuilder().setLtpc(ltpc(1, 1, 1, 1)).build())
            .putFeeds("NSE_EQ|INE000NOTME", Feed.newBuilder().setLtpc(ltpc(2, 2, 2, 2)).build())
            .putFeeds(NIFTY, Feed.newBuilder().setLtpc(ltpc(3, 3, 3, 3)).build())
            .build().toByteArray();

        assertEquals(MarketFeedError.OK, decode(frame));

        assertEquals(List.of(relianceId, niftyId), handler.ids);
        assertEquals(1, decoder.unknownInstruments());
        assertEquals("NSE_EQ|INE000NOTME", decoder.lastUnknownInstrumentKey());
    }

    private byte[] goodFeedThen(final byte[] bad) {
        return concat(List.of(FeedResponse.newBuilder().putFeeds(RELIANCE, Feed.newBuilder().setLtpc(ltpc(1, 1, 1, 1)).build())
            .build().toByteArray(), bad));
    }

    private void assertRejected(final byte[] frame, final int error, final int offset, final String messageType) {
        final long rejectedBefore = decoder.framesRejected();
        assertEquals(error, decode(frame), decoder::describeLastError);
        assertEquals(0, handler.seen.size() + handler.statuses.size(), "a rejected frame delivers nothing, not even its good feeds");
        assertEquals(rejectedBefore + 1, decoder.framesRejected());
        assertEquals(error, decoder.lastErrorCode());
        assertEquals(offset, decoder.lastErrorOffset(), decoder::describeLastError);
        assertEquals(messageType, decoder.lastErrorMessageType());
        assertTrue(decoder.describeLastError().contains(MarketFeedError.name(error) + " at byte " + offset), decoder.describeLastError());
    }

    @Test
    void shouldRejectTheWholeFrameWhenAKnownFieldHasTheWrongWireType() {
        final byte[] good = goodFeedThen(new byte[0]);
        // currentTs (field 3) sent as fixed64
        assertRejected(goodFeedThen(dbl(3, 1.0)), MarketFeedError.WRONG_WIRE_TYPE, good.length, "FeedResponse");
        // ltp (LTPC field 1) sent as a varint, deep inside a feed
        final byte[] badLtpc = bytes(2, concat(List.of(string(1, NIFTY), bytes(2, bytes(1, varint(1, 5))))));
        final byte[] frame = goodFeedThen(badLtpc);
        assertRejected(frame, MarketFeedError.WRONG_WIRE_TYPE, frame.length - 2, "LTPC");
        assertEquals(1, decoder.lastErrorField());
    }

    @Test
    void shouldRejectTagZeroNonexistentWireTypesAndUnbalancedGroups() {
        final int at = goodFeedThen(new byte[0]).length;
        assertRejected(goodFeedThen(new byte[] {0x00, 0x01}), MarketFeedError.BAD_TAG, at, "FeedResponse");
        assertRejected(goodFeedThen(new byte[] {(byte) ((13 << 3) | 6), 0x01}), MarketFeedError.BAD_WIRE_TYPE, at, "FeedResponse");
        assertRejected(goodFeedThen(new byte[] {(byte) ((13 << 3) | 7)}), MarketFeedError.BAD_WIRE_TYPE, at, "FeedResponse");
        assertRejected(goodFeedThen(new byte[] {(byte) ((13 << 3) | 4)}), MarketFeedError.BAD_GROUP, at, "FeedResponse");
        assertRejected(goodFeedThen(new byte[] {(byte) ((13 << 3) | 3), 0x08, 0x01}), MarketFeedError.BAD_GROUP, at, "FeedResponse");
        assertRejected(goodFeedThen(new byte[] {(byte) ((13 << 3) | 3), (byte) ((14 << 3) | 4)}), MarketFeedError.BAD_GROUP, at + 1, "FeedResponse");
        final byte[] deep = new byte[MarketFeedDecoder.MAX_GROUP_DEPTH + 1];
        java.util.Arrays.fill(deep, (byte) ((13 << 3) | 3));
        assertRejected(goodFeedThen(deep), MarketFeedError.GROUP_TOO_DEEP, at + MarketFeedDecoder.MAX_GROUP_DEPTH, "FeedResponse");
        // a tag wider than 32 bits
        assertRejected(goodFeedThen(new byte[] {(byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10, 0x01}), MarketFeedError.BAD_TAG, at, "FeedResponse");
    }

    @Test
    void shouldRejectTruncatedAndOverlongVarintsAndFixedValues() {
        final int at = goodFeedThen(new byte[0]).length;
        assertRejected(goodFeedThen(new byte[] {0x18, (byte) 0x80}), MarketFeedError.TRUNCATED_VARINT, at + 1, "FeedResponse");
        final byte[] eleven = {0x18, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertRejected(goodFeedThen(eleven), MarketFeedError.MALFORMED_VARINT, at + 1, "FeedResponse");
        // an LTPC whose ltp claims 8 bytes but its message has only 3 left
        final byte[] ltpc = {0x09, 1, 2, 3};
        final byte[] frame = goodFeedThen(bytes(2, concat(List.of(string(1, NIFTY), bytes(2, bytes(1, ltpc))))));
        assertRejected(frame, MarketFeedError.TRUNCATED_FIXED, frame.length - 3, "LTPC");
    }

    @Test
    void shouldRejectANestedLengthThatOverrunsItsParentEvenWhenTheFrameIsLongEnough() {
        // Feed claims an LTPC of 20 bytes inside a Feed of 3 bytes; the frame has plenty of bytes after it.
        final byte[] feed = {0x0A, 20, 0x09};
        final byte[] entry = concat(List.of(string(1, NIFTY), bytes(2, feed)));
        final byte[] frame = concat(List.of(bytes(2, entry), new byte[40]));
        assertRejected(frame, MarketFeedError.LENGTH_OVERRUN, frame.length - 40 - 2, "Feed");
    }

    @Test
    void shouldRejectKeysAndIntervalsThatAreNotUtf8() {
        final byte[] badKey = bytes(2, bytes(1, new byte[] {'N', (byte) 0xC0, (byte) 0x80}));
        final byte[] frame = goodFeedThen(badKey);
        assertRejected(frame, MarketFeedError.INVALID_UTF8, frame.length - 3, "FeedResponse.FeedsEntry");
    }

    @Test
    void shouldCheckIntervalsItDoesNotRecogniseForUtf8AndKeepTheirText() {
        // "1d" and "I<minutes>" are recognised, hence ASCII; any other interval text is UTF-8 checked.
        final byte[] after = dbl(2, 5.0);
        final byte[] bad = fullFeedWithInterval(new byte[] {'I', (byte) 0xC0, (byte) 0x80}, after);
        assertRejected(bad, MarketFeedError.INVALID_UTF8, bad.length - after.length - 3, "OHLC");
        final byte[] secondOfTwo = concat(List.of(goodFeedThen(new byte[0]), bad));
        assertRejected(secondOfTwo, MarketFeedError.INVALID_UTF8, secondOfTwo.length - after.length - 3, "OHLC");

        assertEquals(MarketFeedError.OK, decode(fullFeedWithInterval("\u00e91".getBytes(java.nio.charset.StandardCharsets.UTF_8), after)));
        assertEquals(MarketFeedError.OK, decode(fullFeedWithInterval("I15".getBytes(java.nio.charset.StandardCharsets.UTF_8), after)));
        assertEquals(2, handler.seen.size());
        assertTrue(handler.snapshots.get(0).contains(" ohlc=[\u00e91|" + OhlcInterval.OTHER + "|"), handler.snapshots.get(0));
        assertTrue(handler.snapshots.get(1).contains(" ohlc=[I15|15|"), handler.snapshots.get(1));
    }

    private static byte[] fullFeedWithInterval(final byte[] interval, final byte[] after) {
        final byte[] ohlc = concat(List.of(bytes(1, interval), after));
        final byte[] fullFeed = bytes(1, bytes(4, bytes(1, ohlc)));
        return bytes(2, concat(List.of(string(1, RELIANCE), bytes(2, bytes(2, fullFeed)))));
    }

    @Test
    void shouldRejectOffsetsOutsideTheBuffer() {
        assertEquals(MarketFeedError.BAD_BOUNDS, decoder.decode(new UnsafeBuffer(new byte[4]), 2, 3, 0));
        assertEquals(1, decoder.framesRejected());
    }

    @Test
    void shouldDecodeStraightFromADirectBufferAtAnOffset() {
        final byte[] frame = FeedResponse.newBuilder().setCurrentTs(9)
            .putFeeds(OPTION, Feed.newBuilder().setLtpc(ltpc(12.5, 1, 2, 3)).build()).build().toByteArray();
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        direct.putBytes(333, frame);

        assertEquals(MarketFeedError.OK, decoder.decode(direct, 333, frame.length, 0));

        assertEquals(List.of(optionId), handler.ids);
        assertEquals(12.5, handler.seen.get(0).ltp());
    }

    @Test
    void shouldReadVarintsOfFramesShorterThanAWordWithoutLookingOutsideThem() throws Exception {
        // Varints of three or more bytes are read as one 8-byte word (near the end, the frame's last eight
        // bytes); a frame shorter than a word is read byte by byte. Each frame fills its own direct buffer.
        final byte[] onlyTimestamp = {0x18, (byte) 0x80, (byte) 0x80, 0x01}; // currentTs = 16384
        assertEquals(16_384, FeedResponse.parseFrom(onlyTimestamp).getCurrentTs());
        final UnsafeBuffer first = new UnsafeBuffer(ByteBuffer.allocateDirect(onlyTimestamp.length));
        first.putBytes(0, onlyTimestamp);
        assertEquals(MarketFeedError.OK, decoder.decode(first, 0, onlyTimestamp.length, 0));
        assertEquals(1, decoder.framesDecoded());

        final byte[] cutLtt = {0x12, 0x05, 0x12, 0x03, 0x0A, 0x01, 0x10}; // an LTPC that ends with the tag of ltt
        final UnsafeBuffer second = new UnsafeBuffer(ByteBuffer.allocateDirect(cutLtt.length));
        second.putBytes(0, cutLtt);
        assertEquals(MarketFeedError.TRUNCATED_VARINT, decoder.decode(second, 0, cutLtt.length, 0));
        assertEquals(cutLtt.length, decoder.lastErrorOffset());
        assertEquals("LTPC", decoder.lastErrorMessageType());
        assertEquals(2, decoder.lastErrorField());
        assertTrue(handler.seen.isEmpty());
    }

    @Test
    void shouldKeepThirtyDepthLevelsAndEightBarsAndCountWhatItDrops() {
        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        for (int i = 0; i < 33; i++) {
            depth.addBidAskQuote(Quote.newBuilder().setBidP(i + 1));
        }
        final MarketOHLC.Builder bars = MarketOHLC.newBuilder();
        for (int i = 0; i < 10; i++) {
            bars.addOhlc(OHLC.newBuilder().setInterval("I1").setTs(i));
        }
        final byte[] frame = FeedResponse.newBuilder().putFeeds(RELIANCE, Feed.newBuilder().setFullFeed(FullFeed.newBuilder()
            .setMarketFF(MarketFullFeed.newBuilder().setMarketLevel(depth).setMarketOHLC(bars))).build()).build().toByteArray();

        assertEquals(MarketFeedError.OK, decode(frame));

        final MarketFeedView v = handler.seen.get(0);
        assertEquals(30, v.depthLevels());
        assertEquals(30.0, v.bidPrice(29));
        assertEquals(8, v.ohlcCount());
        assertEquals(7, v.ohlcTsEpochMs(7));
        assertEquals(3 + 2, decoder.droppedRepeats());
    }

    @Test
    void shouldRecogniseDayMinuteAndOtherIntradayIntervalsFromBytes() {
        assertEquals(OhlcInterval.ONE_DAY, interval("1d"));
        assertEquals(OhlcInterval.ONE_MINUTE, interval("I1"));
        assertEquals(30, interval("I30"));
        assertEquals(9999, interval("I9999"));
        assertEquals(OhlcInterval.OTHER, interval("I10000"));
        assertEquals(OhlcInterval.OTHER, interval("I0"));
        assertEquals(OhlcInterval.OTHER, interval("I05"));
        assertEquals(OhlcInterval.OTHER, interval("1w"));
        assertEquals(OhlcInterval.OTHER, interval(""));
        assertEquals(OhlcInterval.OTHER, interval("I"));
        assertFalse(OhlcInterval.name(OhlcInterval.OTHER).isEmpty());
    }

    private static int interval(final String text) {
        final byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return OhlcInterval.code(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldMapEverySegmentNameToItsCodeAndBack() {
        for (final String name : RandomFeedResponses.SEGMENT_NAMES) {
            final byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final byte code = Segments.code(new UnsafeBuffer(bytes), 0, bytes.length);
            assertTrue(code > 0, name);
            assertEquals(name, Segments.name(code));
            assertEquals(code, Segments.code(name));
        }
        assertEquals(Segments.UNKNOWN, Segments.code("NSE_EQX"));
    }
}

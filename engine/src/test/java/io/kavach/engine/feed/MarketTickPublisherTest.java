package io.kavach.engine.feed;

import com.lmax.disruptor.RingBuffer;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.FeedShape;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.feed.market.MarketFeedDecoder;
import io.kavach.feed.market.MarketFeedError;
import io.kavach.feed.market.Segments;
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

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames go through the real decoder into the publisher and onto a real Disruptor ring. */
class MarketTickPublisherTest {
    private static final String RELIANCE = "NSE_EQ|INE002A01018";
    private static final String NIFTY = "NSE_INDEX|Nifty 50";
    private static final String OPTION = "NSE_FO|43919";
    private static final long NOW = 1_700_000_000_500L;

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final int relianceId = registry.register(RELIANCE);
    private final int niftyId = registry.register(NIFTY);
    private final int optionId = registry.register(OPTION);
    private final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(InputEvent::new, 4);
    private final MarketTickPublisher publisher = new MarketTickPublisher(new InputPublisher(ring, 0), registry);
    private final MarketFeedDecoder decoder = new MarketFeedDecoder(registry, publisher);

    private void decode(final FeedResponse frame) {
        final byte[] bytes = frame.toByteArray();
        assertEquals(MarketFeedError.OK, decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, 99L), decoder::describeLastError);
    }

    private InputEvent last() {
        return ring.get(ring.getCursor());
    }

    private static LTPC ltpc(final double ltp, final long ltt) {
        return LTPC.newBuilder().setLtp(ltp).setLtt(ltt).setLtq(50).setCp(2_900.1).build();
    }

    private static FeedResponse.Builder live(final String key, final Feed feed) {
        return FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(NOW).putFeeds(key, feed);
    }

    @Test
    void shouldPublishAnLtpcTickWithFixedPointPricesAndCurrentTsAsEventTime() {
        decode(live(RELIANCE, Feed.newBuilder().setLtpc(ltpc(2_950.05, NOW - 300)).build()).build());

        assertEquals(0, ring.getCursor());
        final InputEvent e = last();
        assertEquals(EventKind.MARKET_TICK, e.kind);
        assertEquals(0, e.sequence);
        assertEquals(relianceId, e.instrumentId);
        assertEquals(FeedShape.LTPC, e.feedShape);
        assertEquals(NOW, e.eventTimeEpochMs);
        assertEquals(NOW, e.feedTimeEpochMs);
        assertEquals(99L, e.receivedNanos);
        assertEquals(2_950_050_000L, e.ltp);
        assertEquals(NOW - 300, e.lttEpochMs);
        assertEquals(50, e.ltq);
        assertEquals(2_900_100_000L, e.closePrice);
        assertFalse(e.snapshot);
        assertEquals(0, e.depthLevels);
        assertEquals(1, publisher.ticksPublished());
    }

    @Test
    void shouldUseLttAsEventTimeWhenTheFrameHasNoCurrentTsAndMarkInitialFeedsAsSnapshots() {
        decode(FeedResponse.newBuilder().setType(Type.initial_feed)
            .putFeeds(NIFTY, Feed.newBuilder().setLtpc(ltpc(19_500, NOW - 1_000)).build()).build());

        final InputEvent e = last();
        assertEquals(niftyId, e.instrumentId);
        assertEquals(NOW - 1_000, e.eventTimeEpochMs);
        assertEquals(0, e.feedTimeEpochMs);
        assertTrue(e.snapshot);
    }

    @Test
    void shouldFillDepthTheDayBarAndTheLatestMinuteBarFromAFullFeed() {
        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        for (int i = 0; i < 5; i++) {
            depth.addBidAskQuote(Quote.newBuilder().setBidQ(10 + i).setBidP(2_950 - 0.05 * (i + 1)).setAskQ(20 + i).setAskP(2_950 + 0.05 * (i + 1)));
        }
        final MarketOHLC ohlc = MarketOHLC.newBuilder()
            .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(2_951).setHigh(2_952).setLow(2_949).setClose(2_950.5).setVol(900).setTs(NOW - 60_500))
            .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(2_900).setHigh(2_960).setLow(2_890.25).setClose(2_950.05).setVol(1_234_567).setTs(1))
            .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(2_950.5).setHigh(2_951).setLow(2_950).setClose(2_950.05).setVol(100).setTs(NOW - 500))
            .addOhlc(OHLC.newBuilder().setInterval("I30").setOpen(1).setHigh(1).setLow(1).setClose(1))
            .build();
        decode(live(RELIANCE, Feed.newBuilder().setRequestMode(RequestMode.full_d5).setFullFeed(FullFeed.newBuilder().setMarketFF(
            MarketFullFeed.newBuilder().setLtpc(ltpc(2_950.05, NOW - 10)).setMarketLevel(depth).setMarketOHLC(ohlc)
                .setAtp(2_941.125).setVtt(1_234_567).setOi(0).setTbq(500_000).setTsq(450_000))).build()).build());

        final InputEvent e = last();
        assertEquals(FeedShape.MARKET_FULL, e.feedShape);
        assertEquals(1, e.requestMode);
        assertEquals(5, e.depthLevels);
        assertEquals(2_949_950_000L, e.bestBid());
        assertEquals(2_950_050_000L, e.bestAsk());
        assertEquals(2_949_750_000L, e.bidPrice[4]);
        assertEquals(24, e.askQty[4]);
        assertTrue(e.hasDayOhlc);
        assertEquals(2_890_250_000L, e.dayLow);
        assertEquals(1_234_567, e.dayVolume);
        assertTrue(e.hasMinuteOhlc);
        assertEquals(NOW - 500, e.minuteStartEpochMs);
        assertEquals(2_950_500_000L, e.minuteOpen);
        assertEquals(100, e.minuteVolume);
        assertEquals(2_941_125_000L, e.atp);
        assertEquals(1_234_567, e.vtt);
        assertEquals(500_000.0, e.tbq);
        assertFalse(e.hasGreeks);
    }

    @Test
    void shouldPublishIndexAndFirstLevelFeedsWithGreeks() {
        decode(live(NIFTY, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setIndexFF(IndexFullFeed.newBuilder()
            .setLtpc(ltpc(19_500.5, NOW)).setMarketOHLC(MarketOHLC.newBuilder()
                .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(19_400).setHigh(19_550).setLow(19_380).setClose(19_500.5))))).build()).build());
        assertEquals(FeedShape.INDEX_FULL, last().feedShape);
        assertEquals(19_550_000_000L, last().dayHigh);

        decode(live(OPTION, Feed.newBuilder().setRequestMode(RequestMode.option_greeks).setFirstLevelWithGreeks(FirstLevelWithGreeks.newBuilder()
            .setLtpc(ltpc(120.5, NOW)).setFirstDepth(Quote.newBuilder().setBidQ(75).setBidP(120.45).setAskQ(150).setAskP(120.6))
            .setOptionGreeks(OptionGreeks.newBuilder().setDelta(0.52).setTheta(-4.1).setGamma(0.0012).setVega(9.8).setRho(0.7))
            .setVtt(88_000).setOi(1_250_000).setIv(0.143)).build()).build());

        final InputEvent e = last();
        assertEquals(optionId, e.instrumentId);
        assertEquals(FeedShape.FIRST_LEVEL_WITH_GREEKS, e.feedShape);
        assertEquals(2, e.requestMode);
        assertEquals(1, e.depthLevels);
        assertEquals(120_450_000L, e.bestBid());
        assertEquals(150, e.askQty[0]);
        assertTrue(e.hasGreeks);
        assertEquals(-4.1, e.theta);
        assertEquals(0.0012, e.gamma);
        assertEquals(1_250_000.0, e.oi);
        assertEquals(0.143, e.iv);
        assertEquals(88_000, e.vtt);
        assertFalse(e.hasDayOhlc);
    }

    @Test
    void shouldClearWhatAnEarlierFullTickLeftInTheSameSlot() {
        final RingBuffer<InputEvent> oneSlot = RingBuffer.createSingleProducer(InputEvent::new, 1);
        final MarketTickPublisher p = new MarketTickPublisher(new InputPublisher(oneSlot, 0), registry);
        final MarketFeedDecoder d = new MarketFeedDecoder(registry, p);
        final byte[] full = live(RELIANCE, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setMarketFF(MarketFullFeed.newBuilder()
            .setLtpc(ltpc(10, NOW)).setMarketLevel(MarketLevel.newBuilder().addBidAskQuote(Quote.newBuilder().setBidP(9.95)))
            .setOptionGreeks(OptionGreeks.newBuilder().setDelta(1))
            .setMarketOHLC(MarketOHLC.newBuilder().addOhlc(OHLC.newBuilder().setInterval("1d").setHigh(11))).setVtt(5))).build())
            .build().toByteArray();
        final byte[] ltpc = live(RELIANCE, Feed.newBuilder().setLtpc(ltpc(10.05, NOW)).build()).build().toByteArray();

        d.decode(new UnsafeBuffer(full), 0, full.length, 0);
        d.decode(new UnsafeBuffer(ltpc), 0, ltpc.length, 0);

        final InputEvent e = oneSlot.get(oneSlot.getCursor());
        assertEquals(1, oneSlot.getCursor());
        assertEquals(10_050_000L, e.ltp);
        assertEquals(0, e.depthLevels);
        assertFalse(e.hasDayOhlc);
        assertFalse(e.hasGreeks);
        assertEquals(0, e.vtt);
        assertEquals(FeedShape.LTPC, e.feedShape);
    }

    /**
     * The publisher writes a slot's tick fields directly instead of clearing them first: whatever an
     * earlier use left in any field {@link InputEvent#clearTick()} resets (found by reflection, so a
     * field added later is covered) must not survive a tick that does not carry it.
     */
    @Test
    void shouldOverwriteEveryFieldClearTickResetsWhateverTheSlotHeld() throws Exception {
        final List<Field> tickFields = new ArrayList<>();
        final InputEvent probe = new InputEvent();
        fillWithJunk(probe);
        final InputEvent before = new InputEvent();
        fillWithJunk(before);
        probe.clearTick();
        for (Field f : InputEvent.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && f.getType().isPrimitive() && !f.get(probe).equals(f.get(before))) {
                tickFields.add(f);
            }
        }
        assertTrue(tickFields.size() > 30, "clearTick resets the tick's optional parts, found " + tickFields.size());

        final byte[] ltpcFrame = live(RELIANCE, Feed.newBuilder().setLtpc(ltpc(10.05, NOW)).build()).build().toByteArray();
        final byte[] indexFrame = live(NIFTY, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setIndexFF(IndexFullFeed.newBuilder()
            .setLtpc(ltpc(21_000, NOW)))).build()).build().toByteArray();
        for (byte[] frame : new byte[][] {ltpcFrame, indexFrame}) {
            final InputEvent fromJunk = publishInto(frame, true);
            final InputEvent fromClean = publishInto(frame, false);
            for (Field f : tickFields) {
                assertEquals(f.get(fromClean), f.get(fromJunk), "InputEvent." + f.getName() + " kept what the slot held before");
            }
        }
    }

    private InputEvent publishInto(final byte[] frame, final boolean junk) throws IllegalAccessException {
        final RingBuffer<InputEvent> oneSlot = RingBuffer.createSingleProducer(InputEvent::new, 1);
        if (junk) {
            fillWithJunk(oneSlot.get(0));
        }
        final MarketTickPublisher p = new MarketTickPublisher(new InputPublisher(oneSlot, 0), registry);
        assertEquals(MarketFeedError.OK, new MarketFeedDecoder(registry, p).decode(new UnsafeBuffer(frame), 0, frame.length, 0));
        assertEquals(1, p.ticksPublished());
        return oneSlot.get(0);
    }

    private static void fillWithJunk(final InputEvent e) throws IllegalAccessException {
        for (Field f : InputEvent.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                continue;
            }
            final Class<?> t = f.getType();
            if (t == long.class) {
                f.setLong(e, 7_777_777L);
            } else if (t == int.class) {
                f.setInt(e, 77);
            } else if (t == byte.class) {
                f.setByte(e, (byte) 7);
            } else if (t == boolean.class) {
                f.setBoolean(e, true);
            } else if (t == double.class) {
                f.setDouble(e, 7.5);
            }
        }
    }

    @Test
    void shouldRejectANanLtpWithoutPublishingAndNameInstrumentAndField() {
        decode(live(RELIANCE, Feed.newBuilder().setLtpc(ltpc(Double.NaN, NOW)).build()).build());

        assertEquals(-1, ring.getCursor(), "nothing published");
        assertEquals(1, publisher.feedsRejected());
        assertEquals(MarketTickPublisher.REJECT_BAD_PRICE, publisher.lastRejectReason());
        assertEquals(relianceId, publisher.lastRejectInstrumentId());
        assertTrue(publisher.describeLastRejection().contains(RELIANCE + " ltpc.ltp = NaN"), publisher.describeLastRejection());
    }

    @Test
    void shouldRejectNegativeInfiniteAndAbsurdPricesAnywhereInTheTickButPublishTheOtherFeedsOfTheFrame() {
        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        depth.addBidAskQuote(Quote.newBuilder().setBidP(100).setAskP(100.05));
        depth.addBidAskQuote(Quote.newBuilder().setBidP(-99.95).setAskP(100.1));
        decode(FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(NOW)
            .putFeeds(RELIANCE, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setMarketFF(MarketFullFeed.newBuilder()
                .setLtpc(ltpc(100, NOW)).setMarketLevel(depth))).build())
            .putFeeds(NIFTY, Feed.newBuilder().setLtpc(ltpc(19_500, NOW)).build())
            .build());

        assertEquals(0, ring.getCursor(), "only the good feed was published");
        assertEquals(niftyId, last().instrumentId);
        assertTrue(publisher.describeLastRejection().contains(RELIANCE + " depth.bidP[1] = -99.95"), publisher.describeLastRejection());

        decode(live(OPTION, Feed.newBuilder().setLtpc(ltpc(Double.POSITIVE_INFINITY, NOW)).build()).build());
        decode(live(OPTION, Feed.newBuilder().setLtpc(ltpc(Prices.MAX_PRICE * 10, NOW)).build()).build());
        decode(live(OPTION, Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setIndexFF(IndexFullFeed.newBuilder().setLtpc(ltpc(1, NOW))
            .setMarketOHLC(MarketOHLC.newBuilder().addOhlc(OHLC.newBuilder().setInterval("I1").setLow(Double.NaN))))).build()).build());

        assertEquals(0, ring.getCursor());
        assertEquals(4, publisher.feedsRejected());
        assertTrue(publisher.describeLastRejection().contains(OPTION + " ohlc[I1].low = NaN"), publisher.describeLastRejection());
    }

    @Test
    void shouldRejectATickWithNoTimeAndAFeedWithNoData() {
        decode(FeedResponse.newBuilder().putFeeds(RELIANCE, Feed.newBuilder().setLtpc(LTPC.newBuilder().setLtp(5)).build()).build());
        assertEquals(MarketTickPublisher.REJECT_NO_EVENT_TIME, publisher.lastRejectReason());
        assertTrue(publisher.describeLastRejection().contains(RELIANCE), publisher.describeLastRejection());

        decode(live(NIFTY, Feed.newBuilder().setRequestMode(RequestMode.full_d5).build()).build());
        assertEquals(MarketTickPublisher.REJECT_NO_DATA, publisher.lastRejectReason());

        assertEquals(-1, ring.getCursor());
        assertEquals(2, publisher.feedsRejected());
    }

    @Test
    void shouldNotPublishAnUnknownInstrumentButPublishTheRestOfTheFrame() {
        decode(FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(NOW)
            .putFeeds("NSE_EQ|INE999Z99999", Feed.newBuilder().setLtpc(ltpc(1, NOW)).build())
            .putFeeds(OPTION, Feed.newBuilder().setLtpc(ltpc(2, NOW)).build())
            .build());

        assertEquals(0, ring.getCursor());
        assertEquals(optionId, last().instrumentId);
        assertEquals(1, decoder.unknownInstruments());
        assertEquals("NSE_EQ|INE999Z99999", decoder.lastUnknownInstrumentKey());
    }

    @Test
    void shouldPublishMarketStatusPerSegmentAndRejectStatusWithoutTime() {
        decode(FeedResponse.newBuilder().setType(Type.market_info).setCurrentTs(NOW).setMarketInfo(MarketInfo.newBuilder()
            .putSegmentStatus("NSE_FO", MarketStatus.NORMAL_OPEN).putSegmentStatus("MCX_FO", MarketStatus.PRE_OPEN_END)).build());

        assertEquals(1, ring.getCursor());
        final InputEvent first = ring.get(0);
        assertEquals(EventKind.MARKET_STATUS, first.kind);
        assertEquals(Segments.NSE_FO, first.segment);
        assertEquals(2, first.marketStatus);
        assertEquals(NOW, first.eventTimeEpochMs);
        assertEquals(Segments.MCX_FO, last().segment);
        assertEquals(1, last().marketStatus);

        decode(FeedResponse.newBuilder().setType(Type.market_info).setMarketInfo(MarketInfo.newBuilder()
            .putSegmentStatus("BSE_EQ", MarketStatus.NORMAL_CLOSE)).build());
        assertEquals(1, ring.getCursor());
        assertEquals(1, publisher.statusesRejected());
        assertTrue(publisher.describeLastRejection().contains("BSE_EQ"), publisher.describeLastRejection());
    }
}

package io.kavach.engine.feed;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.feed.market.MarketFeedDecoder;
import io.kavach.feed.market.MarketFeedError;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.FullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.LTPC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.MarketInfo;
import io.kavach.feed.proto.MarketDataFeedV3.MarketLevel;
import io.kavach.feed.proto.MarketDataFeedV3.MarketOHLC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.OHLC;
import io.kavach.feed.proto.MarketDataFeedV3.Quote;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes → decoder → publisher → ring with a consumer on its own thread: the producing thread (the
 * feed's event loop in production) allocates nothing over a million frames in steady state.
 */
class MarketTickPublisherAllocationTest {
    private static final int WARM_UP_FRAMES = 300_000;
    private static final int MEASURED_FRAMES = 1_000_000;

    /** A consumer that only reads a field, so the ring really cycles. */
    private static final class NoOpConsumer implements EventHandler<InputEvent> {
        volatile long lastLtp;

        @Override
        public void onEvent(final InputEvent event, final long sequence, final boolean endOfBatch) {
            if (endOfBatch) {
                lastLtp = event.ltp;
            }
        }
    }

    @Test
    void shouldAllocateZeroBytesOnTheProducerThreadFromBytesToRing() throws Exception {
        final InstrumentRegistry registry = new InstrumentRegistry();
        registry.register("NSE_EQ|INE002A01018");
        registry.register("NSE_FO|43919");
        // Sleeping wait: the producer never signals a lock (a contended lock may allocate a queue node).
        final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(InputEvent::new, 1024, new SleepingWaitStrategy());
        final BatchEventProcessor<InputEvent> consumer = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), new NoOpConsumer());
        ring.addGatingSequences(consumer.getSequence());
        final Thread consumerThread = new Thread(consumer, "no-op-consumer");
        consumerThread.setDaemon(true);
        consumerThread.start();
        try {
            final MarketTickPublisher publisher = new MarketTickPublisher(new InputPublisher(ring, 0), registry);
            final MarketFeedDecoder decoder = new MarketFeedDecoder(registry, publisher);
            final DirectBuffer[] frames = frames();

            run(decoder, frames, WARM_UP_FRAMES);
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            final long thread = Thread.currentThread().getId();
            threads.getThreadAllocatedBytes(thread); // the first call initialises the bean's own state
            // As in the decoder's test: background JIT can land a one-off of a few hundred bytes in a
            // window on this loaded machine; one of three 1M-frame windows must be exactly zero.
            long allocated = -1;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++) {
                final long before = threads.getThreadAllocatedBytes(thread);
                run(decoder, frames, MEASURED_FRAMES);
                allocated = threads.getThreadAllocatedBytes(thread) - before;
                System.out.println("window " + attempt + ": " + MEASURED_FRAMES + " frames decoded and published, allocated "
                    + allocated + " bytes; ring cursor " + ring.getCursor());
            }
            assertEquals(0, allocated, "bytes allocated by the producer thread over " + MEASURED_FRAMES + " frames");
            assertTrue(publisher.ticksPublished() > MEASURED_FRAMES / 2 && publisher.statusesPublished() > 0, "ticks and statuses reached the ring");
            assertTrue(publisher.feedsRejected() > 0, "price rejections were on the measured path too");
        } finally {
            consumer.halt();
            consumerThread.join(5_000);
        }
    }

    private static void run(final MarketFeedDecoder decoder, final DirectBuffer[] frames, final int count) {
        for (int i = 0; i < count; i++) {
            final DirectBuffer frame = frames[i % frames.length];
            if (decoder.decode(frame, 0, frame.capacity(), i) != MarketFeedError.OK) {
                throw new AssertionError(decoder.describeLastError());
            }
        }
    }

    private static DirectBuffer[] frames() {
        final LTPC ltpc = LTPC.newBuilder().setLtp(2_950.05).setLtt(1_700_000_000_100L).setLtq(25).setCp(2_941.3).build();
        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        for (int i = 0; i < 5; i++) {
            depth.addBidAskQuote(Quote.newBuilder().setBidQ(10 + i).setBidP(2_950 - i * 0.05).setAskQ(20 + i).setAskP(2_950.05 + i * 0.05));
        }
        final byte[][] raw = {
            FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_123L)
                .putFeeds("NSE_EQ|INE002A01018", Feed.newBuilder().setLtpc(ltpc).build()).build().toByteArray(),
            FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_123L)
                .putFeeds("NSE_FO|43919", Feed.newBuilder().setFullFeed(FullFeed.newBuilder().setMarketFF(MarketFullFeed.newBuilder()
                    .setLtpc(ltpc).setMarketLevel(depth).setMarketOHLC(MarketOHLC.newBuilder()
                        .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(2_900).setHigh(2_960).setLow(2_890).setClose(2_950.05))
                        .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(2_950).setHigh(2_951).setLow(2_949).setClose(2_950.05).setTs(5)))
                    .setAtp(2_940).setVtt(1_000_000))).build())
                .build().toByteArray(),
            FeedResponse.newBuilder().setType(Type.market_info).setCurrentTs(1_700_000_000_123L).setMarketInfo(MarketInfo.newBuilder()
                .putSegmentStatus("NSE_EQ", MarketStatus.NORMAL_OPEN)).build().toByteArray(),
            FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_123L)
                .putFeeds("NSE_EQ|INE002A01018", Feed.newBuilder().setLtpc(ltpc.toBuilder().setLtp(Double.NaN)).build()).build().toByteArray(),
        };
        final DirectBuffer[] frames = new DirectBuffer[raw.length * 2];
        for (int i = 0; i < raw.length; i++) {
            frames[i] = new UnsafeBuffer(raw[i]);
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(raw[i].length));
            direct.putBytes(0, raw[i]);
            frames[raw.length + i] = direct;
        }
        return frames;
    }
}

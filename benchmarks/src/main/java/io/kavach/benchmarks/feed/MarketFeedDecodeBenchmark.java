package io.kavach.benchmarks.feed;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.market.MarketFeedDecoder;
import io.kavach.feed.market.MarketFeedHandler;
import io.kavach.feed.market.MarketFeedView;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.FullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.LTPC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketFullFeed;
import io.kavach.feed.proto.MarketDataFeedV3.MarketLevel;
import io.kavach.feed.proto.MarketDataFeedV3.MarketOHLC;
import io.kavach.feed.proto.MarketDataFeedV3.OHLC;
import io.kavach.feed.proto.MarketDataFeedV3.Quote;
import io.kavach.feed.proto.MarketDataFeedV3.RequestMode;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Our zero-allocation {@link MarketFeedDecoder} against protobuf-java's {@code FeedResponse.parseFrom}
 * (our generated class) on the same bytes: a one-instrument LTPC frame, and a one-instrument full
 * feed with 5 depth levels and the day and two minute OHLC bars, as Upstox sends in {@code full} mode.
 * The decoder's cost includes the instrument-key lookup and the handler call; parseFrom's does not
 * even resolve the key. Run with {@code -prof gc} to see B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class MarketFeedDecodeBenchmark {
    private static final String KEY = "NSE_EQ|INE002A01018";

    /** Folds what a consumer would read into a checksum, so nothing is dead code. */
    static final class ChecksumHandler implements MarketFeedHandler {
        long checksum;

        @Override
        public void onFeed(final MarketFeedView feed) {
            long c = feed.instrumentId() + Double.doubleToRawLongBits(feed.ltp()) + feed.lttEpochMs() + feed.ltq()
                + Double.doubleToRawLongBits(feed.cp()) + feed.currentTsEpochMs();
            for (int i = 0; i < feed.depthLevels(); i++) {
                c += Double.doubleToRawLongBits(feed.bidPrice(i)) + feed.bidQty(i) + Double.doubleToRawLongBits(feed.askPrice(i)) + feed.askQty(i);
            }
            for (int i = 0; i < feed.ohlcCount(); i++) {
                c += feed.ohlcInterval(i) + Double.doubleToRawLongBits(feed.ohlcClose(i));
            }
            checksum += c;
        }

        @Override
        public void onMarketStatus(final int segment, final int status, final long currentTsEpochMs, final long receivedNanos) {
            checksum += segment + status;
        }
    }

    private final ChecksumHandler handler = new ChecksumHandler();
    private MarketFeedDecoder decoder;
    private byte[] ltpcBytes;
    private byte[] fullBytes;
    private UnsafeBuffer ltpcBuffer;
    private UnsafeBuffer fullBuffer;

    @Setup
    public void setUp() {
        final InstrumentRegistry registry = new InstrumentRegistry();
        for (int i = 0; i < 500; i++) {
            registry.register("NSE_FO|" + (40_000 + i));
        }
        registry.register(KEY);
        decoder = new MarketFeedDecoder(registry, handler);

        final LTPC ltpc = LTPC.newBuilder().setLtp(2_950.05).setLtt(1_700_000_000_100L).setLtq(25).setCp(2_941.3).build();
        ltpcBytes = FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_123L)
            .putFeeds(KEY, Feed.newBuilder().setLtpc(ltpc).build()).build().toByteArray();

        final MarketLevel.Builder depth = MarketLevel.newBuilder();
        for (int i = 0; i < 5; i++) {
            depth.addBidAskQuote(Quote.newBuilder().setBidQ(100 + i * 37).setBidP(2_950 - i * 0.05).setAskQ(90 + i * 41).setAskP(2_950.05 + i * 0.05));
        }
        final MarketOHLC ohlc = MarketOHLC.newBuilder()
            .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(2_900).setHigh(2_960.4).setLow(2_890.1).setClose(2_950.05).setVol(4_567_890).setTs(1_699_986_600_000L))
            .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(2_949.5).setHigh(2_951).setLow(2_949).setClose(2_950.2).setVol(12_345).setTs(1_699_999_940_000L))
            .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(2_950.2).setHigh(2_950.3).setLow(2_950).setClose(2_950.05).setVol(678).setTs(1_700_000_000_000L))
            .build();
        fullBytes = FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_123L)
            .putFeeds(KEY, Feed.newBuilder().setRequestMode(RequestMode.full_d5).setFullFeed(FullFeed.newBuilder().setMarketFF(
                MarketFullFeed.newBuilder().setLtpc(ltpc).setMarketLevel(depth).setMarketOHLC(ohlc).setAtp(2_941.57).setVtt(4_567_890)
                    .setTbq(812_345).setTsq(790_123))).build())
            .build().toByteArray();
        ltpcBuffer = new UnsafeBuffer(ltpcBytes);
        fullBuffer = new UnsafeBuffer(fullBytes);
    }

    @Benchmark
    public long decodeLtpc() {
        decoder.decode(ltpcBuffer, 0, ltpcBytes.length, 0L);
        return handler.checksum;
    }

    @Benchmark
    public FeedResponse parseFromLtpc() throws InvalidProtocolBufferException {
        return FeedResponse.parseFrom(ltpcBytes);
    }

    @Benchmark
    public long decodeFullD5() {
        decoder.decode(fullBuffer, 0, fullBytes.length, 0L);
        return handler.checksum;
    }

    @Benchmark
    public FeedResponse parseFromFullD5() throws InvalidProtocolBufferException {
        return FeedResponse.parseFrom(fullBytes);
    }
}

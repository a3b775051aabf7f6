package io.kavach.engine.pipeline;

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

import java.nio.ByteBuffer;

/**
 * Real V3 {@code FeedResponse} bytes, one template per instrument, whose price and times are
 * rewritten in place for every tick, so a long steady-state run sees fresh, advancing ticks with no
 * per-tick allocation on the test's side. The templates are encoded by the generated protobuf
 * classes with sentinel values; the sentinels' byte positions are then patched: the ltp is a
 * fixed64 double, currentTs and ltt are varints kept at 6 bytes (any epoch ms in [2^35, 2^42)).
 *
 * <p>Even-numbered instruments get an LTPC frame, odd ones a full_d5 frame (5 depth levels, the
 * day and a minute bar), unless built LTPC-only (what price-only rules subscribe to). Shared with the benchmarks through the engine's test-jar. Threading: the
 * publishing thread.
 */
public final class TickFrames {
    private static final double LTP_SENTINEL = 1234.5678125;
    private static final long CURRENT_TS_SENTINEL = 1_111_111_111_111L;
    private static final long LTT_SENTINEL = 1_222_222_222_222L;
    private static final int VARINT_BYTES = 6;

    private final UnsafeBuffer[] frames;
    private final int[] ltpOffset;
    private final int[] currentTsOffset;
    private final int[] lttOffset;

    /** Alternating LTPC (even instruments) and full_d5 (odd) frames. */
    public TickFrames(final String[] keys) {
        this(keys, true);
    }

    /** With {@code mixed} false, every instrument gets an LTPC frame. */
    public TickFrames(final String[] keys, final boolean mixed) {
        frames = new UnsafeBuffer[keys.length];
        ltpOffset = new int[keys.length];
        currentTsOffset = new int[keys.length];
        lttOffset = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            final byte[] raw = template(keys[i], mixed && i % 2 == 1);
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(raw.length));
            direct.putBytes(0, raw);
            frames[i] = direct;
            ltpOffset[i] = find(raw, fixed64(Double.doubleToRawLongBits(LTP_SENTINEL)));
            currentTsOffset[i] = find(raw, varint(CURRENT_TS_SENTINEL));
            lttOffset[i] = find(raw, varint(LTT_SENTINEL));
        }
    }

    public int count() {
        return frames.length;
    }

    /** Rewrites instrument {@code i}'s frame to trade {@code ltp} at {@code timeMs} and returns it. */
    public UnsafeBuffer frame(final int i, final long timeMs, final double ltp) {
        final UnsafeBuffer b = frames[i];
        b.putDouble(ltpOffset[i], ltp);
        putVarint(b, currentTsOffset[i], timeMs);
        putVarint(b, lttOffset[i], timeMs);
        return b;
    }

    private static void putVarint(final UnsafeBuffer b, final int offset, final long value) {
        long v = value;
        for (int k = 0; k < VARINT_BYTES - 1; k++) {
            b.putByte(offset + k, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.putByte(offset + VARINT_BYTES - 1, (byte) v);
    }

    private static byte[] template(final String key, final boolean full) {
        final LTPC ltpc = LTPC.newBuilder().setLtp(LTP_SENTINEL).setLtt(LTT_SENTINEL).setLtq(25).setCp(1_200.5).build();
        final Feed feed;
        if (full) {
            final MarketLevel.Builder depth = MarketLevel.newBuilder();
            for (int i = 0; i < 5; i++) {
                depth.addBidAskQuote(Quote.newBuilder().setBidQ(100 + i).setBidP(1_234 - i * 0.05).setAskQ(90 + i).setAskP(1_234.05 + i * 0.05));
            }
            feed = Feed.newBuilder().setRequestMode(RequestMode.full_d5).setFullFeed(FullFeed.newBuilder().setMarketFF(
                MarketFullFeed.newBuilder().setLtpc(ltpc).setMarketLevel(depth).setMarketOHLC(MarketOHLC.newBuilder()
                        .addOhlc(OHLC.newBuilder().setInterval("1d").setOpen(1_200).setHigh(1_260).setLow(1_190).setClose(1_234).setVol(456_789).setTs(1_000))
                        .addOhlc(OHLC.newBuilder().setInterval("I1").setOpen(1_233).setHigh(1_235).setLow(1_232).setClose(1_234).setVol(678).setTs(2_000)))
                    .setAtp(1_230.25).setVtt(456_789).setTbq(81_234).setTsq(79_012))).build();
        } else {
            feed = Feed.newBuilder().setLtpc(ltpc).build();
        }
        return FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(CURRENT_TS_SENTINEL).putFeeds(key, feed).build().toByteArray();
    }

    private static byte[] fixed64(final long v) {
        final byte[] b = new byte[8];
        for (int k = 0; k < 8; k++) {
            b[k] = (byte) (v >>> (8 * k));
        }
        return b;
    }

    private static byte[] varint(final long value) {
        final byte[] b = new byte[VARINT_BYTES];
        long v = value;
        for (int k = 0; k < VARINT_BYTES; k++) {
            b[k] = (byte) ((v & 0x7F) | (k < VARINT_BYTES - 1 ? 0x80 : 0));
            v >>>= 7;
        }
        if (v != 0) {
            throw new IllegalArgumentException(value + " does not fit a " + VARINT_BYTES + "-byte varint");
        }
        return b;
    }

    private static int find(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("sentinel not found in the encoded template");
    }
}

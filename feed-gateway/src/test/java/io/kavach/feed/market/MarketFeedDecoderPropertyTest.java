package io.kavach.feed.market;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The decoder must decode exactly what protobuf encodes: random FeedResponse frames encoded by our
 * generated classes, by the official Upstox SDK's generated classes, and written by hand with
 * shuffled/repeated/missing fields, decode to the same values protobuf-java parses (doubles by bits).
 * Seeded; the seed is printed, and {@code -Dkavach.seed=N} replays a run.
 */
class MarketFeedDecoderPropertyTest {
    private static final int MESSAGES = 100_000;

    private final InstrumentRegistry registry = RandomFeedResponses.registry();
    private final RecordingHandler handler = new RecordingHandler();
    private final MarketFeedDecoder decoder = new MarketFeedDecoder(registry, handler);
    private final UnsafeBuffer heap = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20));

    private static long seed(final String test) {
        final long seed = Long.getLong("kavach.seed", System.nanoTime());
        System.out.println(test + " seed=" + seed + " (replay with -Dkavach.seed=" + seed + ")");
        return seed;
    }

    @Test
    void shouldDecodeEveryFieldExactlyAsEncodedByOurGeneratedClasses() throws Exception {
        final long seed = seed("ourClasses");
        final RandomFeedResponses random = new RandomFeedResponses(new Random(seed));
        for (int i = 0; i < MESSAGES; i++) {
            final FeedResponse message = random.response();
            final byte[] bytes = message.toByteArray();
            assertDecodesLikeProtobuf(bytes, message, true, "seed=" + seed + " message#" + i);
        }
    }

    @Test
    void shouldDecodeEveryFieldExactlyAsEncodedByTheOfficialSdkClasses() throws Exception {
        final long seed = seed("sdkClasses");
        final RandomFeedResponses random = new RandomFeedResponses(new Random(seed));
        for (int i = 0; i < MESSAGES; i++) {
            final FeedResponse message = random.response();
            final com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse sdk = SdkMessages.toSdk(message);
            final byte[] sdkBytes = sdk.toByteArray();
            // expectation from our model, bytes from the SDK's serializer
            assertDecodesLikeProtobuf(sdkBytes, message, true, "seed=" + seed + " message#" + i);
        }
    }

    @Test
    void shouldDecodeHandWrittenWireWithShuffledRepeatedAndMissingFieldsAsProtobufParsesIt() throws Exception {
        final long seed = seed("handWritten");
        final RandomFeedResponses random = new RandomFeedResponses(new Random(seed));
        for (int i = 0; i < MESSAGES; i++) {
            final byte[] bytes = random.rawResponse();
            final FeedResponse ours = FeedResponse.parseFrom(bytes);
            final com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse sdk =
                com.upstox.marketdatafeederv3udapi.rpc.proto.MarketDataFeedV3.FeedResponse.parseFrom(bytes);
            assertArrayEquals(ours.toByteArray(), sdk.toByteArray(), "our classes and the SDK's parse the same frame alike");
            assertDecodesLikeProtobuf(bytes, ours, false, "seed=" + seed + " message#" + i);
        }
    }

    @Test
    void shouldDecodeUpstoxShapedFullFramesExactlyAsProtobufOneOrManyInstrumentsAFrame() throws Exception {
        final long seed = seed("liveFull");
        final RandomFeedResponses random = new RandomFeedResponses(new Random(seed));
        for (int i = 0; i < MESSAGES; i++) {
            FeedResponse message = random.liveFull();
            if (i % 10 == 9) { // several instruments in one frame: the general parser's
                final FeedResponse.Builder many = message.toBuilder();
                for (int k = 0; k < 2; k++) {
                    many.putAllFeeds(random.liveFull().getFeedsMap());
                }
                message = many.build();
            }
            assertDecodesLikeProtobuf(message.toByteArray(), message, true, "seed=" + seed + " message#" + i);
        }
    }

    /** Decodes {@code bytes} from a heap array or (alternately) a direct buffer and checks it against protobuf's parse. */
    private void assertDecodesLikeProtobuf(final byte[] bytes, final FeedResponse expected, final boolean exactCounts,
                                           final String context) {
        handler.clear();
        final long unknownBefore = decoder.unknownInstruments();
        final long unknownSegmentsBefore = decoder.unknownSegments();
        final int rc;
        if ((context.hashCode() & 1) == 0) {
            heap.wrap(bytes);
            rc = decoder.decode(heap, 0, bytes.length, 42L);
        } else {
            direct.putBytes(100, bytes);
            rc = decoder.decode(direct, 100, bytes.length, 42L);
        }
        assertEquals(MarketFeedError.OK, rc, () -> context + ": " + decoder.describeLastError());
        ProtobufOracle.assertDeliveredLike(expected, handler, decoder, registry, unknownBefore, unknownSegmentsBefore, exactCounts, context);
    }

    @Test
    void shouldMatchTheReferenceIntervalCodesForEveryIntervalString() {
        for (final String interval : Arrays.asList(RandomFeedResponses.INTERVALS)) {
            final byte[] bytes = interval.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(FeedSnapshot.intervalCode(interval), OhlcInterval.code(new UnsafeBuffer(bytes), 0, bytes.length), interval);
        }
    }
}

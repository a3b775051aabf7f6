package io.kavach.feed.market;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Malformed input never crashes the decoder and never yields half a frame: for every truncation of
 * valid frames and for random byte damage, the outcome is either a decode identical to protobuf-java's
 * parse of the same bytes, or a counted rejection with no callback at all.
 */
class MarketFeedDecoderFuzzTest {
    private final InstrumentRegistry registry = RandomFeedResponses.registry();
    private final RecordingHandler handler = new RecordingHandler();
    private final MarketFeedDecoder decoder = new MarketFeedDecoder(registry, handler);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    private static long seed(final String test) {
        final long seed = Long.getLong("kavach.seed", System.nanoTime());
        System.out.println(test + " seed=" + seed + " (replay with mvn ... -Dkavach.seed=" + seed + ")");
        return seed;
    }

    @Test
    void shouldRejectOrDecodeExactlyAtEveryTruncationPointOfValidFrames() {
        final long seed = seed("truncation");
        final RandomFeedResponses random = new RandomFeedResponses(new Random(seed));
        long cuts = 0;
        for (int i = 0; i < 1_500; i++) {
            final byte[] frame = i % 2 == 0 ? random.response().toByteArray() : random.rawResponse();
            for (int cut = 0; cut < frame.length; cut++) {
                final Outcome outcome = check(Arrays.copyOf(frame, cut), "seed=" + seed + " frame#" + i + " cut=" + cut);
                if (outcome == Outcome.REJECTED_BUT_PROTOBUF_ACCEPTED) {
                    fail("seed=" + seed + " frame#" + i + " cut=" + cut + ": protobuf parses this prefix, the decoder rejected it: "
                        + decoder.describeLastError());
                }
                cuts++;
            }
        }
        System.out.println("truncation: " + cuts + " prefixes checked");
    }

    @Test
    void shouldNeverThrowAndNeverDeliverPartOfAFrameUnderRandomByteDamage() {
        final long seed = seed("damage");
        final Random r = new Random(seed);
        final RandomFeedResponses random = new RandomFeedResponses(r);
        final Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < 200_000; i++) {
            final byte[] frame = i % 2 == 0 ? random.response().toByteArray() : random.rawResponse();
            final byte[] damaged = damage(frame, r);
            final Outcome outcome = check(damaged, "seed=" + seed + " trial#" + i);
            if (outcome == Outcome.REJECTED_BUT_PROTOBUF_ACCEPTED && !STRICTER_THAN_PROTOBUF.contains(decoder.lastErrorCode())) {
                fail("seed=" + seed + " trial#" + i + ": protobuf parses this frame, the decoder rejected it for a reason the README"
                    + " does not list as deliberately stricter: " + decoder.describeLastError());
            }
            final String label = outcome == Outcome.DECODED ? "decoded" : outcome + " " + MarketFeedError.name(decoder.lastErrorCode());
            outcomes.merge(label, 1, Integer::sum);
        }
        System.out.println("damage outcomes: " + outcomes);
        assertTrue(outcomes.getOrDefault("decoded", 0) > 0 && outcomes.size() > 3, "the damage must exercise both outcomes: " + outcomes);
    }

    @Test
    void shouldDecodeOrRejectExactlyEveryCutFlipDeletionAndInsertionOfLiveLtpcFrames() {
        damageEveryByteOf("live ltpc", 400, random -> random.liveLtpc().toByteArray());
    }

    @Test
    void shouldDecodeOrRejectExactlyEveryCutFlipDeletionAndInsertionOfLiveFullFrames() {
        damageEveryByteOf("live full", 60, random -> random.liveFull().toByteArray());
    }

    /**
     * {@code count} frames from {@code next}, each whole (must decode), cut at every byte (a prefix
     * protobuf parses must not be rejected), and with every bit flipped, every byte deleted and a random
     * byte inserted at every position (decoded exactly like protobuf, or rejected and counted).
     */
    private void damageEveryByteOf(final String label, final int count, final Function<RandomFeedResponses, byte[]> next) {
        final long seed = seed(label);
        final Random r = new Random(seed);
        final RandomFeedResponses random = new RandomFeedResponses(r);
        final Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            final byte[] frame = next.apply(random);
            final String context = "seed=" + seed + " frame#" + i;
            assertEquals(Outcome.DECODED, check(frame, context + " whole"));
            for (int at = 0; at < frame.length; at++) {
                final Outcome cut = check(Arrays.copyOf(frame, at), context + " cut=" + at);
                if (cut == Outcome.REJECTED_BUT_PROTOBUF_ACCEPTED) {
                    fail(context + " cut=" + at + ": protobuf parses this prefix, the decoder rejected it: " + decoder.describeLastError());
                }
                for (int bit = 0; bit < 8; bit++) {
                    final byte[] flipped = frame.clone();
                    flipped[at] ^= (byte) (1 << bit);
                    tally(outcomes, check(flipped, context + " flip=" + at + "." + bit), context + " flip=" + at + "." + bit);
                }
                final byte[] shorter = new byte[frame.length - 1];
                System.arraycopy(frame, 0, shorter, 0, at);
                System.arraycopy(frame, at + 1, shorter, at, frame.length - at - 1);
                tally(outcomes, check(shorter, context + " delete=" + at), context + " delete=" + at);
                final byte[] longer = new byte[frame.length + 1];
                System.arraycopy(frame, 0, longer, 0, at);
                longer[at] = (byte) r.nextInt();
                System.arraycopy(frame, at, longer, at + 1, frame.length - at);
                tally(outcomes, check(longer, context + " insert=" + at), context + " insert=" + at);
            }
        }
        System.out.println(label + " damage outcomes: " + outcomes);
        assertTrue(outcomes.getOrDefault("decoded", 0) > 0 && outcomes.size() > 3, "the damage must exercise both outcomes: " + outcomes);
    }

    private void tally(final Map<String, Integer> outcomes, final Outcome outcome, final String context) {
        if (outcome == Outcome.REJECTED_BUT_PROTOBUF_ACCEPTED && !STRICTER_THAN_PROTOBUF.contains(decoder.lastErrorCode())) {
            fail(context + ": protobuf parses this frame, the decoder rejected it for a reason the README does not list as"
                + " deliberately stricter: " + decoder.describeLastError());
        }
        outcomes.merge(outcome == Outcome.DECODED ? "decoded" : outcome + " " + MarketFeedError.name(decoder.lastErrorCode()), 1, Integer::sum);
    }

    /**
     * The only reasons the decoder may reject a frame protobuf-java accepts, each a guess protobuf-java
     * makes about corrupt bytes (feed-gateway/README.md, Decisions): a known field with the wrong wire
     * type, tags or lengths wider than 32 bits, a bad 10th varint byte, a oneof member that comes back.
     */
    private static final Set<Integer> STRICTER_THAN_PROTOBUF = Set.of(MarketFeedError.WRONG_WIRE_TYPE, MarketFeedError.BAD_TAG,
        MarketFeedError.LENGTH_OVERRUN, MarketFeedError.MALFORMED_VARINT, MarketFeedError.ONEOF_SWITCHED_BACK);

    private static byte[] damage(final byte[] frame, final Random r) {
        if (frame.length == 0) {
            return new byte[] {(byte) r.nextInt()};
        }
        byte[] bytes = frame.clone();
        final int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            final int at = r.nextInt(bytes.length);
            switch (r.nextInt(4)) {
                case 0: bytes[at] ^= (byte) (1 << r.nextInt(8)); break;
                case 1: bytes[at] = (byte) r.nextInt(); break;
                case 2: { // delete a byte
                    final byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter.length == 0 ? new byte[] {0} : shorter;
                    break;
                }
                default: { // insert a byte
                    final byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) r.nextInt();
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    private enum Outcome { DECODED, REJECTED_PROTOBUF_TOO, REJECTED_BUT_PROTOBUF_ACCEPTED }

    private Outcome check(final byte[] bytes, final String context) {
        FeedResponse parsed;
        try {
            parsed = FeedResponse.parseFrom(bytes);
        } catch (final InvalidProtocolBufferException e) {
            parsed = null;
        }
        handler.clear();
        final long rejectedBefore = decoder.framesRejected();
        final long decodedBefore = decoder.framesDecoded();
        final long unknownBefore = decoder.unknownInstruments();
        final long unknownSegmentsBefore = decoder.unknownSegments();
        buffer.wrap(bytes);
        final int rc = decoder.decode(buffer, 0, bytes.length, 0L);
        if (rc == MarketFeedError.OK) {
            assertNotNull(parsed, () -> context + ": the decoder accepted a frame protobuf rejects");
            assertEquals(decodedBefore + 1, decoder.framesDecoded(), context);
            ProtobufOracle.assertDeliveredLike(parsed, handler, decoder, registry, unknownBefore, unknownSegmentsBefore, false, context);
            return Outcome.DECODED;
        }
        assertEquals(0, handler.callbacks(), () -> context + ": a rejected frame must deliver nothing");
        assertEquals(rejectedBefore + 1, decoder.framesRejected(), context);
        assertTrue(decoder.lastErrorOffset() >= 0 && decoder.lastErrorOffset() <= bytes.length, context);
        assertTrue(decoder.describeLastError().contains(MarketFeedError.name(rc)), context);
        return parsed == null ? Outcome.REJECTED_PROTOBUF_TOO : Outcome.REJECTED_BUT_PROTOBUF_ACCEPTED;
    }
}

package io.kavach.feed.market;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks what the decoder delivered for a frame against protobuf-java's parse of the same bytes. */
final class ProtobufOracle {
    private ProtobufOracle() {
    }

    /**
     * Repeated map keys are delivered in wire order, so the last delivery per key must equal
     * protobuf's map entry; when the frame has no repeated keys ({@code exactCounts}) every count
     * must match too, and doubles compare by raw bits including -0.0.
     *
     * @param unknownBefore          the decoder's unknown-instrument counter before the decode
     * @param unknownSegmentsBefore  the decoder's unknown-segment counter before the decode
     */
    static void assertDeliveredLike(final FeedResponse expected, final RecordingHandler handler, final MarketFeedDecoder decoder,
                                    final InstrumentRegistry registry, final long unknownBefore, final long unknownSegmentsBefore,
                                    final boolean exactCounts, final String context) {
        final Map<String, String> actual = new TreeMap<>();
        for (int i = 0; i < handler.feeds.size(); i++) {
            final String key = handler.feedKeys.get(i);
            assertEquals(registry.find(key), handler.feedIds.get(i), context);
            actual.put(key, exactCounts ? handler.feeds.get(i) : withoutNegativeZero(handler.feeds.get(i)));
        }
        final Map<String, String> wanted = new TreeMap<>();
        int unknownKeys = 0;
        for (final Map.Entry<String, Feed> e : expected.getFeedsMap().entrySet()) {
            if (registry.find(e.getKey()) == InstrumentRegistry.NOT_FOUND) {
                unknownKeys++;
            } else {
                final String snapshot = FeedSnapshot.of(e.getKey(), expected.getTypeValue(), expected.getCurrentTs(), e.getValue());
                wanted.put(e.getKey(), exactCounts ? snapshot : withoutNegativeZero(snapshot));
            }
        }
        assertEquals(wanted, actual, context);

        final Map<Integer, Integer> actualStatus = new TreeMap<>();
        for (int i = 0; i < handler.statuses.size(); i++) {
            actualStatus.put(handler.statuses.get(i)[0], handler.statuses.get(i)[1]);
            assertEquals(expected.getCurrentTs(), handler.statusTimes.get(i), context);
        }
        final Map<Integer, Integer> wantedStatus = new TreeMap<>();
        int unknownSegments = 0;
        for (final Map.Entry<String, Integer> e : expected.getMarketInfo().getSegmentStatusValueMap().entrySet()) {
            final int code = Segments.code(e.getKey());
            if (code == Segments.UNKNOWN) {
                unknownSegments++;
            } else {
                wantedStatus.put(code, e.getValue());
            }
        }
        assertEquals(wantedStatus, actualStatus, context);

        final long unknownDelivered = decoder.unknownInstruments() - unknownBefore;
        final long unknownSegmentsDelivered = decoder.unknownSegments() - unknownSegmentsBefore;
        if (exactCounts) {
            assertEquals(wanted.size(), handler.feeds.size(), context);
            assertEquals(unknownKeys, unknownDelivered, context);
            assertEquals(wantedStatus.size(), handler.statuses.size(), context);
            assertEquals(unknownSegments, unknownSegmentsDelivered, context);
        } else {
            assertTrue(unknownDelivered >= unknownKeys, context);
            assertTrue(unknownSegmentsDelivered >= unknownSegments, context);
        }
    }

    /**
     * protobuf-java merges a map entry's repeated value through {@code mergeFrom(Message)}, whose
     * generated code skips doubles {@code == 0D}, so a -0.0 in the first value becomes +0.0 (a
     * protobuf-java quirk; the wire and the spec say -0.0). The decoder keeps the wire's -0.0; frames
     * that may repeat map values compare -0.0 and +0.0 as equal. Hex {@code 8000000000000000} in a
     * snapshot is only ever a double's bits.
     */
    static String withoutNegativeZero(final String snapshot) {
        return snapshot.replaceAll("\\b8000000000000000\\b", "0");
    }
}

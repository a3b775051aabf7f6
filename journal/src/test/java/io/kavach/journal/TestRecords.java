package io.kavach.journal;

import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.MarketTickEncoder;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.journal.layout.RecordHeaderEncoder;
import io.kavach.journal.layout.MarketTickDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.List;

/** Encodes small ltpc tick records for journal tests and collects what a reader delivers. */
final class TestRecords {
    static final long DAY_ONE_0915_IST = 1_700_020_800_000L - 5 * 3_600_000L - 30 * 60_000L + 9 * 3_600_000L + 15 * 60_000L;

    private static final RecordHeaderEncoder HEADER = new RecordHeaderEncoder();
    private static final MarketTickEncoder TICK = new MarketTickEncoder();

    private TestRecords() {
    }

    /** Encodes a tick whose ltp is {@code sequence * 100}; returns the record length. */
    static int tick(final MutableDirectBuffer buffer, final long sequence, final long eventTimeEpochMs) {
        HEADER.wrap(buffer, 0).kind(JournalLayout.KIND_MARKET_TICK).userId(0).sequence(sequence).eventTimeEpochMs(eventTimeEpochMs);
        TICK.wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH, 0, 1).instrumentId(1).feedShape((byte) 1)
            .ltp(sequence * 100).lttEpochMs(eventTimeEpochMs).ltq(1).depthLevel(0, 1, 2, 3, 4);
        return RecordHeaderEncoder.ENCODED_LENGTH + TICK.encodedLength();
    }

    static void append(final JournalWriter writer, final long sequence, final long eventTimeEpochMs) {
        writer.append(tick(writer.buffer(), sequence, eventTimeEpochMs));
    }

    /** A handler collecting (sequence, ltp) of each record. */
    static final class Collector implements JournalRecordHandler {
        final List<long[]> records = new ArrayList<>();
        private final RecordHeaderDecoder header = new RecordHeaderDecoder();
        private final MarketTickDecoder tick = new MarketTickDecoder();

        @Override
        public void onRecord(final DirectBuffer buffer, final int offset, final int length) {
            header.wrap(buffer, offset);
            tick.wrap(buffer, offset + RecordHeaderEncoder.ENCODED_LENGTH);
            records.add(new long[]{header.sequence(), tick.ltp(), header.eventTimeEpochMs()});
        }

        long[] sequences() {
            return records.stream().mapToLong(r -> r[0]).toArray();
        }
    }

    static Collector readAll(final java.nio.file.Path root, final List<String> damage) {
        final Collector collector = new Collector();
        try (JournalReader reader = new JournalReader(root, damage::add)) {
            while (reader.poll(collector, 1000) > 0) {
                // drain
            }
        }
        return collector;
    }
}

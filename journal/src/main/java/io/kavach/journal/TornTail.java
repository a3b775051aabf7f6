package io.kavach.journal;

import net.openhft.chronicle.bytes.Bytes;

/**
 * Looks at what follows the last complete excerpt of a day queue. Chronicle marks an excerpt
 * complete only when its writer finishes it; a writer killed mid-append leaves either a header
 * flagged not-complete or (this Chronicle version) a zero header followed by the bytes it had
 * written. Either is a torn last record: everything before it is intact, it is not part of the
 * journal.
 *
 * <p>Assumes no live writer on that queue (recovery and replay read closed journals).
 * Static; called on the reading/opening thread.
 */
final class TornTail {
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int END_OF_DATA = 0xC000_0000;   // Chronicle's marker after a rolled cycle
    private static final int SCAN_BYTES = 64;

    private TornTail() {
    }

    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;

    /**
     * Walks complete excerpts that follow {@code end} directly in the mapped file, from their headers
     * (defensive: a tailer should have delivered them all). Calls {@code onData} with the absolute position and length
     * of each complete data excerpt (metadata excerpts, Chronicle's index, are skipped).
     *
     * @return the position just past the last complete excerpt
     */
    static long walkComplete(final Bytes<?> bytes, final long end, final DataExcerpt onData) {
        final long capacity = bytes.capacity();
        long at = end;
        while (true) {
            final long headerAt = (at + 3) & ~3L;
            if (headerAt + 4 > capacity) {
                return at;
            }
            final int header;
            try {
                header = bytes.readVolatileInt(headerAt);
            } catch (final RuntimeException unmapped) {
                return at;
            }
            if (header == 0 || (header & NOT_COMPLETE) != 0) {
                return at;
            }
            final int length = header & LENGTH_MASK;
            if (headerAt + 4 + length > capacity) {
                return at;
            }
            if ((header & META_DATA) == 0) {
                onData.at(headerAt + 4, length);
            }
            at = headerAt + 4 + length;
        }
    }

    /** A complete data excerpt found by {@link #walkComplete}. */
    @FunctionalInterface
    interface DataExcerpt {
        void at(long position, int length);
    }

    /**
     * @param bytes the tailer's mapped bytes of the cycle
     * @param end   absolute position just past the last complete excerpt
     * @return a description of the torn record, or null when the queue ends cleanly at {@code end}
     */
    static String inspect(final Bytes<?> bytes, final long end) {
        final long capacity = bytes.capacity();
        final long headerAt = (end + 3) & ~3L;
        if (headerAt + 4 > capacity) {
            return null;
        }
        final int header;
        try {
            header = bytes.readVolatileInt(headerAt);
        } catch (final RuntimeException unmapped) {
            return null;
        }
        if (header == END_OF_DATA) {
            return null;
        }
        if ((header & NOT_COMPLETE) != 0) {
            return "unfinished excerpt at byte " + headerAt + " (header 0x" + Integer.toHexString(header) + ")";
        }
        if (header != 0) {
            return "complete-looking excerpt at byte " + headerAt + " that the queue would not deliver (header 0x"
                + Integer.toHexString(header) + ")";
        }
        // A record starts with its non-zero version byte and is copied in front to back, so a torn one
        // shows in its first bytes; a writer that died before copying anything lost nothing.
        final long scanEnd = Math.min(capacity, headerAt + 4 + SCAN_BYTES);
        long lastNonZero = -1;
        try {
            for (long at = headerAt + 4; at < scanEnd; at++) {
                if (bytes.readByte(at) != 0) {
                    lastNonZero = at;
                }
            }
        } catch (final RuntimeException unmapped) {
            // past the mapped region: what was scanned is all there is
        }
        if (lastNonZero < 0) {
            return null;
        }
        return "unfinished excerpt at byte " + headerAt + " with data written and no completed header";
    }
}

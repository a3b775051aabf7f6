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

package io.kavach.engine;

import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.ring.WaitStrategyKind;

/**
 * How the engine's ring is built. Names carry their units; defaults are constants next to them.
 *
 * @param ringSize         slots in the ring, a power of two. Each slot is ~6 KiB (depth arrays and the
 *                         rule payload), so the default 8,192 slots cost ~48 MiB.
 * @param waitStrategy     how consumers wait: backoff (default: spin, yield, then sleep), blocking, sleeping,
 *                         yielding, or busy-spin on a dedicated host ({@link WaitStrategyKind}).
 * @param journalPlacement where the journal append runs when a journal is given: inline on the logic
 *                         thread (default) or in parallel on its own thread ({@link JournalPlacement}).
 */
public record EngineSettings(int ringSize, WaitStrategyKind waitStrategy, JournalPlacement journalPlacement) {
    public static final int RING_SIZE_DEFAULT = 8192;
    public static final WaitStrategyKind WAIT_STRATEGY_DEFAULT = WaitStrategyKind.BACKOFF;
    /** Inline: no third busy thread and no wait at the journal-first gate (engine/README.md, "Journal placement"). */
    public static final JournalPlacement JOURNAL_PLACEMENT_DEFAULT = JournalPlacement.INLINE;

    public EngineSettings {
        if (ringSize <= 0 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a positive power of two, got " + ringSize);
        }
        if (waitStrategy == null || journalPlacement == null) {
            throw new IllegalArgumentException("wait strategy and journal placement are required");
        }
    }

    /** With the default journal placement. */
    public EngineSettings(final int ringSize, final WaitStrategyKind waitStrategy) {
        this(ringSize, waitStrategy, JOURNAL_PLACEMENT_DEFAULT);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(RING_SIZE_DEFAULT, WAIT_STRATEGY_DEFAULT, JOURNAL_PLACEMENT_DEFAULT);
    }
}

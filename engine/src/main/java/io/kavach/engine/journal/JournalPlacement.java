package io.kavach.engine.journal;

import java.util.Locale;

/**
 * Where the journal append runs relative to the logic.
 *
 * <ul>
 *   <li>{@link #INLINE} (the default): the logic thread appends each input itself, immediately before
 *   handling it ({@link InlineJournalHandler}). Everything the logic produces for an input is journaled
 *   first by construction, so the journal-first gate never holds anything; the price is the append
 *   (≈0.3 µs) on the logic thread, and no third busy thread. Right for small hosts, where a journal
 *   thread competes with the writer loop and the logic for two cores.</li>
 *   <li>{@link #PARALLEL}: the journal is its own ring stage ({@link JournalHandler}) on its own thread,
 *   in parallel with the logic; side effects wait at the gate until the journal thread catches up. Only
 *   worth it with a spare core for the journal thread.</li>
 * </ul>
 */
public enum JournalPlacement {
    INLINE("inline"), PARALLEL("parallel");

    public final String label;

    JournalPlacement(final String label) {
        this.label = label;
    }

    public static JournalPlacement parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        for (JournalPlacement p : values()) {
            if (p.label.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown journal placement '" + text + "': expected inline or parallel");
    }
}

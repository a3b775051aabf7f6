package io.kavach.journal;

/**
 * Told about damage found in a journal: a torn (unfinished) last record or a record that fails
 * validation. The journal keeps working up to the last complete, valid record; this is where an
 * operator hears about it.
 *
 * <p>Called on the thread that reads or opens the journal.
 */
@FunctionalInterface
public interface JournalDamageHandler {
    void onDamage(String description);
}

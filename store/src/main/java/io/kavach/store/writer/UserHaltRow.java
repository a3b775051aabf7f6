package io.kavach.store.writer;

/**
 * A user's halt starting (the daily loss limit was reached) or being lifted (the next IST day), for
 * {@code users.halted/halted_at/halt_reason}. The update applies only when {@code atEpochMs} is not
 * older than the stored {@code halted_at}, so a row re-created from the journal after a later one
 * cannot undo it; a lift stamps {@code halted_at} with its own time for that reason.
 *
 * @param journalDay IST epoch day of the journal cycle holding the input that made the change
 * @param journalSeq sequence (within that day) of that input
 * @param atEpochMs  event time of that input
 * @param reason     why the user is halted; null for a lift
 */
public record UserHaltRow(int journalDay, long journalSeq, int userId, boolean halted, long atEpochMs, String reason) {

    public long position() {
        return JournalPosition.of(journalDay, journalSeq);
    }
}

package io.kavach.store.writer;

/**
 * One fire, as the monitor log keeps it. {@code (journalDay, journalSeq, ruleId)} identifies it: an
 * input event fires a rule at most once, so the same fire re-created from the journal is the same row.
 *
 * @param journalDay          IST epoch day of the journal cycle holding the input
 * @param journalSeq          sequence (within that day) of the input event that fired the rule
 * @param triggerSnapshotJson the market state that fired it (JSON object)
 * @param actionResultJson    what the action did (JSON object), or null
 * @param actionTaken         false when the action was skipped (e.g. a reduce-only exit with no position)
 * @param fireCount           the rule's fire count after this fire
 */
public record MonitorLogEntry(
    int journalDay,
    long journalSeq,
    long ruleId,
    int userId,
    String triggerType,
    String actionType,
    String triggerSnapshotJson,
    String actionResultJson,
    boolean actionTaken,
    long firedAtEpochMs,
    int fireCount) {

    public long position() {
        return JournalPosition.of(journalDay, journalSeq);
    }
}

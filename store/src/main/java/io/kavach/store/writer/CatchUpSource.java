package io.kavach.store.writer;

/**
 * Re-creates store rows from the journal after rows were dropped (the database was down long
 * enough for the writer's queue to fill). The engine implements it by replaying the journal through
 * its logic with side effects off; the writer's upserts make rows written twice harmless.
 */
public interface CatchUpSource {
    /**
     * Hands {@code sink} every monitor-log and order row produced by the inputs between two
     * {@link JournalPosition journal positions}, both inclusive (possibly spanning days).
     */
    void replay(long fromPositionInclusive, long toPositionInclusive, StoreRowSink sink) throws Exception;
}

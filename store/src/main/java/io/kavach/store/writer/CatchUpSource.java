package io.kavach.store.writer;

/**
 * Re-creates store rows from the journal after rows were dropped (the database was down long
 * enough for the writer's queue to fill). The engine implements it by replaying the journal through
 * its logic with side effects off; the writer's upserts make rows written twice harmless.
 */
public interface CatchUpSource {
    /** Hands {@code sink} every monitor-log and order row produced by inputs {@code fromSeq..toSeq} (inclusive). */
    void replay(long fromSeqInclusive, long toSeqInclusive, StoreRowSink sink) throws Exception;
}

package io.kavach.engine.action;

/**
 * Receives each monitor-log entry on the logic thread (the store persists them later). Must copy
 * what it keeps and must not block.
 */
@FunctionalInterface
public interface MonitorLogSink {
    void onRecord(MonitorRecord record);
}

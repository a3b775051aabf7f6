package io.kavach.store.writer;

/** Receives rows for the store. */
public interface StoreRowSink {
    void monitorLog(MonitorLogEntry entry);

    void order(OrderRow order);

    void userHalt(UserHaltRow halt);
}

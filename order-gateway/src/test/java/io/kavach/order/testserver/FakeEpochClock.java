package io.kavach.order.testserver;

import org.agrona.concurrent.EpochClock;

import java.util.concurrent.atomic.AtomicLong;

/** A wall clock that moves only when a test moves it; shared by the router and the test server. */
public final class FakeEpochClock implements EpochClock {
    private final AtomicLong nowMs;

    public FakeEpochClock(final long startEpochMs) {
        nowMs = new AtomicLong(startEpochMs);
    }

    @Override
    public long time() {
        return nowMs.get();
    }

    public void set(final long epochMs) {
        nowMs.set(epochMs);
    }

    public void advance(final long ms) {
        nowMs.addAndGet(ms);
    }
}

package io.kavach.engine.live;

import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriterLoopTest {
    @Test
    void shouldPublishClockTimersAndHandedOverWorkFromTheWriterThreadOnly() throws Exception {
        final LogicHandler logic = new LogicHandler(new io.kavach.engine.candle.CandleBook());
        final Bootstrap engine = Bootstrap.start(EngineSettings.defaults(), null, logic, 0);
        final AtomicLong fakeWallClock = new AtomicLong(1_672_631_100_000L);
        final WriterLoop writer = new WriterLoop(engine.publisher(), () -> fakeWallClock.addAndGet(1_000));
        writer.startClock(5);
        final CompletableFuture<Boolean> ranOnLoop = new CompletableFuture<>();
        final Thread other = new Thread(() -> writer.execute(() -> {
            engine.publisher().publishTrade(0, fakeWallClock.get(), 1_000_000, 1, 1, 0);
            ranOnLoop.complete(writer.inLoop());
        }));
        other.start();
        assertTrue(ranOnLoop.get(5, TimeUnit.SECONDS), "handed-over work runs on the writer loop");
        Thread.sleep(60);
        writer.close();
        engine.close();
        assertTrue(logic.eventsHandled() >= 3, "clock timers reached the logic: " + logic.eventsHandled());
        assertEquals(logic.eventsHandled() - 1, logic.lastInputSequence(), "input sequences are dense");
        assertEquals(0, engine.stageErrors());
    }
}

package io.kavach.engine.live;

import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    @Test
    void shouldRunEpollWhereAvailableAndNioOtherwiseByDefault() {
        final Bootstrap engine = Bootstrap.start(EngineSettings.defaults(), null, new LogicHandler(new io.kavach.engine.candle.CandleBook()), 0);
        final WriterLoop writer = new WriterLoop(engine.publisher(), System::currentTimeMillis);
        try {
            if (Epoll.isAvailable()) {
                assertEquals(LoopTransport.EPOLL, writer.transport());
                assertEquals(EpollSocketChannel.class, writer.socketChannelClass());
                assertEquals(EpollServerSocketChannel.class, writer.serverChannelClass());
            } else {
                assertEquals(LoopTransport.NIO, writer.transport());
            }
            final long expectedSpin = Runtime.getRuntime().availableProcessors() >= WriterLoopSettings.SPIN_MIN_PROCESSORS
                ? WriterLoopSettings.SPIN_MICROS_DEDICATED_DEFAULT : 0;
            assertEquals(expectedSpin, writer.spinMicros(), "auto spins only on hosts with enough CPUs");
        } finally {
            writer.close();
            engine.close();
        }
    }

    @Test
    void shouldRunNioChannelsWhenNioIsForced() {
        final Bootstrap engine = Bootstrap.start(EngineSettings.defaults(), null, new LogicHandler(new io.kavach.engine.candle.CandleBook()), 0);
        final WriterLoop writer = new WriterLoop(engine.publisher(), System::currentTimeMillis, new WriterLoopSettings(LoopTransport.NIO, 0));
        try {
            assertEquals(LoopTransport.NIO, writer.transport());
            assertEquals(NioSocketChannel.class, writer.socketChannelClass());
            assertEquals(NioServerSocketChannel.class, writer.serverChannelClass());
        } finally {
            writer.close();
            engine.close();
        }
    }

    @Test
    void shouldRefuseBadTransportAndSpinSettingsNamingTheChoices() {
        assertEquals(LoopTransport.EPOLL, LoopTransport.parse(" Epoll "));
        final IllegalArgumentException transport = assertThrows(IllegalArgumentException.class, () -> LoopTransport.parse("kqueue"));
        assertTrue(transport.getMessage().contains("auto, epoll, nio"), transport.getMessage());
        assertEquals(WriterLoopSettings.SPIN_MICROS_AUTO, WriterLoopSettings.parseSpinMicros("auto"));
        assertEquals(20, WriterLoopSettings.parseSpinMicros("20"));
        assertThrows(IllegalArgumentException.class, () -> WriterLoopSettings.parseSpinMicros("-3"));
        assertThrows(IllegalArgumentException.class, () -> WriterLoopSettings.parseSpinMicros("50us"));
        assertEquals(0, new WriterLoopSettings(LoopTransport.AUTO, WriterLoopSettings.SPIN_MICROS_AUTO).resolvedSpinMicros(2));
        assertEquals(WriterLoopSettings.SPIN_MICROS_DEDICATED_DEFAULT,
            new WriterLoopSettings(LoopTransport.AUTO, WriterLoopSettings.SPIN_MICROS_AUTO).resolvedSpinMicros(8));
        assertEquals(0, new WriterLoopSettings(LoopTransport.AUTO, 0).resolvedSpinMicros(64), "an explicit 0 never spins");
    }

    /** Spinning or not, on either transport: every task handed over runs, in order, and the clock keeps ticking. */
    @ParameterizedTest(name = "{0}, spin {1} µs")
    @CsvSource({"nio, 0", "nio, 200", "epoll, 0", "epoll, 200"})
    void shouldRunHandedOverTasksInOrderAndKeepTheClockWhetherSpinningOrNot(final String transport, final long spinMicros) throws Exception {
        final LoopTransport kind = LoopTransport.parse(transport);
        assumeTrue(kind != LoopTransport.EPOLL || Epoll.isAvailable(), "epoll not available here");
        final LogicHandler logic = new LogicHandler(new io.kavach.engine.candle.CandleBook());
        final Bootstrap engine = Bootstrap.start(EngineSettings.defaults(), null, logic, 0);
        final WriterLoop writer = new WriterLoop(engine.publisher(), System::currentTimeMillis, new WriterLoopSettings(kind, spinMicros));
        try {
            assertEquals(kind, writer.transport());
            assertEquals(spinMicros, writer.spinMicros());
            writer.startClock(2);
            final int tasks = 2_000;
            final long[] seen = new long[1];
            final boolean[] inOrder = {true};
            final CountDownLatch done = new CountDownLatch(1);
            final Thread producer = new Thread(() -> {
                for (int i = 0; i < tasks; i++) {
                    final int n = i;
                    writer.execute(() -> {
                        inOrder[0] &= seen[0] == n && writer.inLoop();
                        if (++seen[0] == tasks) {
                            done.countDown();
                        }
                    });
                    if ((i & 63) == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000); // let the loop go idle (and spin) between bursts
                    }
                }
            });
            producer.start();
            assertTrue(done.await(10, TimeUnit.SECONDS), "every handed-over task ran");
            assertTrue(inOrder[0], "tasks ran in hand-over order on the loop");
            final long before = logic.eventsHandled();
            Thread.sleep(50);
            writer.stopClock();
            assertTrue(logic.eventsHandled() - before >= 5, "clock timers keep firing: " + (logic.eventsHandled() - before) + " in 50 ms");
        } finally {
            writer.close();
            engine.close();
        }
        assertEquals(0, engine.stageErrors());
    }

    /** A timer due during a long spin runs when it is due, not when the spin would have ended (the journal-gate retry is such a timer). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"nio", "epoll"})
    void shouldRunAScheduledTaskThatFallsDueDuringASpinWithoutWaitingForTheSpinToEnd(final String transport) throws Exception {
        final LoopTransport kind = LoopTransport.parse(transport);
        assumeTrue(kind != LoopTransport.EPOLL || Epoll.isAvailable(), "epoll not available here");
        final long spinMicros = 20_000_000; // 20 s: far longer than the test waits
        final WriterLoop writer = new WriterLoop(null, System::currentTimeMillis, new WriterLoopSettings(kind, spinMicros));
        try {
            for (int i = 0; i < 3; i++) {
                final CountDownLatch ran = new CountDownLatch(1);
                writer.execute(() -> writer.eventLoop().schedule(ran::countDown, 2, TimeUnit.MILLISECONDS));
                assertTrue(ran.await(5, TimeUnit.SECONDS), "the scheduled task ran during the spin, try " + i);
            }
        } finally {
            writer.close();
        }
    }
}

package io.kavach.engine.ring;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The waits that put a consumer to sleep — the engine's default {@link WaitStrategyKind#BLOCKING}
 * (Disruptor's lock-eliding {@code LiteBlockingWaitStrategy}) and {@link WaitStrategyKind#BACKOFF}
 * (spin, yield, then that same sleep) — must never leave a consumer asleep with an event published:
 * the publisher skips the monitor when it finds no consumer flagged asleep, so the flag/cursor
 * ordering is what these tests exercise. The backoff also runs with phases of 1 and 2 µs so the
 * random gaps land in each phase and in the hand-over to sleep.
 */
class BlockingWaitStrategyKindTest {
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** A ring slot for the test: the value the producer wrote. */
    static final class Slot {
        long value;
    }

    /**
     * Ping-pong: one event at a time, the next only after the consumer handled it, with random gaps
     * so the publish lands before, during and after the consumer's fall asleep. A lost wake-up
     * leaves the consumer asleep with an event waiting, which nothing else would ever publish past.
     */
    static Stream<Arguments> sleepingWaits() {
        return Stream.of(
            Arguments.of("blocking", (Supplier<WaitStrategy>) WaitStrategyKind.BLOCKING::newWaitStrategy),
            Arguments.of("backoff", (Supplier<WaitStrategy>) WaitStrategyKind.BACKOFF::newWaitStrategy),
            Arguments.of("backoff 1 µs spin, 2 µs yield", (Supplier<WaitStrategy>) () -> new BackoffWaitStrategy(1_000, 2_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sleepingWaits")
    void shouldWakeASleepingConsumerForEveryPublishWithoutLosingOne(final String name, final Supplier<WaitStrategy> wait) throws Exception {
        final long seed = System.nanoTime();
        System.out.println("BlockingWaitStrategyKindTest " + name + " seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, 8, wait.get());
        final AtomicLong handled = new AtomicLong(-1);
        final long[] sum = new long[1];
        final EventHandler<Slot> handler = (slot, sequence, endOfBatch) -> {
            sum[0] += slot.value;
            handled.set(sequence);
        };
        final BatchEventProcessor<Slot> consumer = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(consumer.getSequence());
        final Thread thread = new Thread(consumer, "blocking-consumer");
        thread.start();
        final int events = 50_000;
        try {
            for (int i = 0; i < events; i++) {
                final long slot = ring.next();
                ring.get(slot).value = i;
                ring.publish(slot);
                final long deadline = System.nanoTime() + STUCK_NANOS;
                while (handled.get() < slot) {
                    if (System.nanoTime() > deadline) {
                        fail("consumer still asleep 5 s after event " + slot + " was published (seed " + seed + ")");
                    }
                    Thread.onSpinWait();
                }
                final int gap = random.nextInt(5);
                if (gap == 1) {
                    Thread.onSpinWait();
                } else if (gap == 2) {
                    Thread.yield();
                } else if (gap == 3) {
                    for (int k = random.nextInt(2_000); k > 0; k--) {
                        Thread.onSpinWait();
                    }
                } else if (i % 8 == 0) {
                    LockSupport.parkNanos(random.nextInt(120_000)); // past a backoff's default spin and yield: asleep
                }
            }
        } finally {
            consumer.halt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertTrue(!thread.isAlive(), "halt must wake and stop a sleeping consumer");
        assertEquals((long) events * (events - 1) / 2, sum[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sleepingWaits")
    void shouldDeliverABurstToSeveralSleepingConsumers(final String name, final Supplier<WaitStrategy> wait) throws Exception {
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, 1024, wait.get());
        final int consumers = 3;
        final AtomicLong[] handled = new AtomicLong[consumers];
        final BatchEventProcessor<?>[] processors = new BatchEventProcessor<?>[consumers];
        final Thread[] threads = new Thread[consumers];
        for (int c = 0; c < consumers; c++) {
            final AtomicLong h = new AtomicLong(-1);
            handled[c] = h;
            final BatchEventProcessor<Slot> p = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
                (slot, sequence, endOfBatch) -> h.set(sequence));
            ring.addGatingSequences(p.getSequence());
            processors[c] = p;
            threads[c] = new Thread(p, "blocking-consumer-" + c);
            threads[c].start();
        }
        try {
            for (int round = 0; round < 200; round++) {
                long last = -1;
                for (int i = 0; i < 100; i++) {
                    last = ring.next();
                    ring.get(last).value = i;
                    ring.publish(last);
                }
                final long deadline = System.nanoTime() + STUCK_NANOS;
                for (AtomicLong h : handled) {
                    while (h.get() < last) {
                        if (System.nanoTime() > deadline) {
                            fail("a consumer stopped at " + h.get() + " of " + last);
                        }
                        Thread.yield();
                    }
                }
                Thread.sleep(0, 200_000); // let every consumer fall asleep (past a backoff's spin and yield) before the next burst
            }
        } finally {
            for (BatchEventProcessor<?> p : processors) {
                p.halt();
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(5));
                assertTrue(!t.isAlive(), "halt must stop " + t.getName());
            }
        }
    }
}

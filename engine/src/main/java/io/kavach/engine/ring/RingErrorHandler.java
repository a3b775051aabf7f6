package io.kavach.engine.ring;

import com.lmax.disruptor.ExceptionHandler;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one error handler of the ring's stages. An exception escaping a handler is a bug, never an
 * expected outcome: it is counted, the first few are kept for the summary and stderr, and the stage
 * moves on to the next event rather than halting trading for every other instrument.
 *
 * <p>Threading: called on the failing handler's thread; counters are atomic so any thread can read them.
 */
public final class RingErrorHandler implements ExceptionHandler<InputEvent> {
    private static final int MAX_REPORTED = 10;

    private final String stage;
    private final AtomicLong errors = new AtomicLong();

    public RingErrorHandler(final String stage) {
        this.stage = stage;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final InputEvent event) {
        final long n = errors.incrementAndGet();
        if (n <= MAX_REPORTED) {
            System.err.println("kavach: " + stage + " failed on input " + event.sequence + " ("
                + EventKind.name(event.kind) + "): " + ex);
            ex.printStackTrace();
        }
    }

    @Override
    public void handleOnStartException(final Throwable ex) {
        errors.incrementAndGet();
        System.err.println("kavach: " + stage + " failed to start: " + ex);
    }

    @Override
    public void handleOnShutdownException(final Throwable ex) {
        errors.incrementAndGet();
        System.err.println("kavach: " + stage + " failed to shut down: " + ex);
    }

    public long errors() {
        return errors.get();
    }

    public String stage() {
        return stage;
    }
}

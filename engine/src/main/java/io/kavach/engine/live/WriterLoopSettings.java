package io.kavach.engine.live;

/**
 * How the writer loop is built.
 *
 * @param transport epoll or NIO ({@link LoopTransport#AUTO}: epoll where available)
 * @param spinMicros how long the loop polls its sockets and task queue before it blocks in
 *                   {@code epoll_wait}/{@code select} when it runs out of work; 0 never spins. A spin
 *                   turns a hand-off from the logic thread (an order intent) into a queue read instead
 *                   of an eventfd write plus a thread wake-up, at the price of that much CPU after every
 *                   burst of work. {@link #SPIN_MICROS_AUTO} spins only on hosts with at least
 *                   {@link #SPIN_MIN_PROCESSORS} CPUs: on a small shared host a spinning loop takes the
 *                   CPU the logic, journal and kernel threads need.
 */
public record WriterLoopSettings(LoopTransport transport, long spinMicros) {
    public static final long SPIN_MICROS_AUTO = -1;
    /** What {@code auto} spins on a host with enough CPUs: longer than tick → logic → intent usually takes. */
    public static final long SPIN_MICROS_DEDICATED_DEFAULT = 50;
    public static final int SPIN_MIN_PROCESSORS = 4;

    public WriterLoopSettings {
        if (transport == null) {
            throw new IllegalArgumentException("loop transport missing");
        }
        if (spinMicros < 0 && spinMicros != SPIN_MICROS_AUTO) {
            throw new IllegalArgumentException("writer loop spin must be auto or ≥ 0 µs, got " + spinMicros);
        }
    }

    /** epoll where available, spin only on hosts with {@link #SPIN_MIN_PROCESSORS} or more CPUs. */
    public static WriterLoopSettings defaults() {
        return new WriterLoopSettings(LoopTransport.AUTO, SPIN_MICROS_AUTO);
    }

    /** The spin in µs on a host with {@code processors} CPUs. */
    public long resolvedSpinMicros(final int processors) {
        if (spinMicros != SPIN_MICROS_AUTO) {
            return spinMicros;
        }
        return processors >= SPIN_MIN_PROCESSORS ? SPIN_MICROS_DEDICATED_DEFAULT : 0;
    }

    /** {@code auto} or a whole number of µs ≥ 0. */
    public static long parseSpinMicros(final String text) {
        final String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("auto")) {
            return SPIN_MICROS_AUTO;
        }
        try {
            final long v = Long.parseLong(t);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below with the value named
        }
        throw new IllegalArgumentException("'" + text + "' is not auto or a whole number of µs ≥ 0");
    }
}

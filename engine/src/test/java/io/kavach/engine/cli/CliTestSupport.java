package io.kavach.engine.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/** What the tests that run {@code kavach run} against the simulator share. Threading: the test's thread. */
final class CliTestSupport {
    private CliTestSupport() {
    }

    /** Polls {@code condition} every 10 ms until it holds; fails naming {@code what} after {@code timeoutMs}. */
    static void awaitTrue(final BooleanSupplier condition, final long timeoutMs, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeoutMs + " ms");
            }
            Thread.sleep(10);
        }
    }

    /** Keeps the engine's stderr for assertions while still printing it. */
    static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(final OutputStream a, final OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(final int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(final byte[] buf, final int off, final int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

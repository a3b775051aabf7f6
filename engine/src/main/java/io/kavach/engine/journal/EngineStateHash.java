package io.kavach.engine.journal;

import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.candle.Timeframe;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 over the engine's state, to compare a live run with its replay (or a crashed-and-recovered
 * run with an uninterrupted one). It covers what the logic stage holds on this build: inputs handled
 * and the last input sequence; the candle book's counters and every forming candle of every tracked
 * instrument and timeframe; every candle closed so far ({@link #closedCandles()}, a listener to add
 * to the book before the run); and any further digests the caller adds (e.g. the report output, whose
 * lines carry every indicator value at every close). Rules, positions and risk join here as they land
 * in the logic stage.
 *
 * <p>Built and read on one thread after the ring has drained; the closed-candle listener runs on the
 * logic thread.
 */
public final class EngineStateHash {
    private final MessageDigest sha256 = newSha256();
    private final ByteBuffer scratch = ByteBuffer.allocate(8);

    /** A listener hashing every closed candle in close order: add it to the candle book before the run. */
    public static final class ClosedCandleDigest implements CandleListener {
        private final MessageDigest sha256 = newSha256();
        private final ByteBuffer bytes = ByteBuffer.allocate(80);
        private long closed;

        @Override
        public void onCandleClosed(final Candle c) {
            bytes.clear();
            bytes.putInt(c.instrumentId).putInt(c.timeframe.ordinal()).putLong(c.startEpochMs).putLong(c.endEpochMs)
                .putLong(c.open).putLong(c.high).putLong(c.low).putLong(c.close).putLong(c.volume).putInt(c.tickCount);
            sha256.update(bytes.array(), 0, bytes.position());
            closed++;
        }

        public long closed() {
            return closed;
        }

        byte[] digest() {
            try {
                return ((MessageDigest) sha256.clone()).digest();
            } catch (final CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final ClosedCandleDigest closedCandles = new ClosedCandleDigest();

    public ClosedCandleDigest closedCandles() {
        return closedCandles;
    }

    /** Hashes the logic's counters and the candle book's state for instruments [0, instrumentCount). */
    public EngineStateHash addLogic(final LogicHandler logic, final int instrumentCount) {
        addLong(logic.eventsHandled());
        addLong(logic.lastInputSequence());
        final CandleBook book = logic.candles();
        addLong(book.ticks());
        addLong(book.outOfOrderTicks());
        addLong(book.outOfSessionTicks());
        addLong(book.invalidPriceTicks());
        addLong(book.candlesClosed());
        for (int id = 0; id < instrumentCount; id++) {
            for (final Timeframe tf : Timeframe.values()) {
                final Candle c = book.current(id, tf);
                if (c == null) {
                    addLong(-1);
                    continue;
                }
                addLong(c.startEpochMs);
                addLong(c.endEpochMs);
                addLong(c.open);
                addLong(c.high);
                addLong(c.low);
                addLong(c.close);
                addLong(c.volume);
                addLong(c.tickCount);
            }
        }
        addLong(closedCandles.closed());
        sha256.update(closedCandles.digest());
        return this;
    }

    /** Adds another part (e.g. the SHA-256 of the run's output). */
    public EngineStateHash addDigest(final byte[] digest) {
        sha256.update(digest);
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void addLong(final long v) {
        scratch.clear();
        scratch.putLong(v);
        sha256.update(scratch.array());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package io.kavach.store.writer;

/**
 * A place in the journal as one ordered {@code long}: the IST trading day (the journal's cycle)
 * and the input sequence within it — sequences restart every day, so neither alone orders rows.
 * Day in the high 16 bits, sequence in the low 48.
 *
 * <p>Threading: stateless.
 */
public final class JournalPosition {
    public static final int SEQUENCE_BITS = 48;
    public static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    /** Before any position. */
    public static final long NONE = -1;

    private JournalPosition() {
    }

    /** @param istEpochDay days since 1970-01-01 of the journal's IST day */
    public static long of(final int istEpochDay, final long sequence) {
        if (istEpochDay < 0 || istEpochDay > 0x7FFF || sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("journal position out of range: day " + istEpochDay + ", sequence " + sequence);
        }
        return ((long) istEpochDay << SEQUENCE_BITS) | sequence;
    }

    public static int day(final long position) {
        return (int) (position >>> SEQUENCE_BITS);
    }

    public static long sequence(final long position) {
        return position & MAX_SEQUENCE;
    }

    public static String toString(final long position) {
        return position == NONE ? "none" : java.time.LocalDate.ofEpochDay(day(position)) + "#" + sequence(position);
    }
}

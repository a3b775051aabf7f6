package io.kavach.journal.layout;

import java.nio.ByteOrder;

/**
 * The journal's binary record layout: version, byte order, record kinds and size limits. Every record
 * is one Chronicle Queue excerpt holding a {@link RecordHeaderEncoder header} followed by the body of
 * its kind; the excerpt's own length frames it. See journal/README.md for the full table.
 *
 * <p>Constants only; safe on any thread.
 */
public final class JournalLayout {
    /** Layout version written into every record. Readers refuse records with a higher version. */
    public static final byte CURRENT_VERSION = 1;
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * Journal-internal first record of every day queue (body: istEpochDay i64). Never delivered to
     * handlers; it lets a reader check version and date before any input, and gives the torn-tail
     * check a complete record to start from.
     */
    public static final byte KIND_DAY_START = 0;
    public static final int DAY_START_BODY_LENGTH = 8;

    // Kind values equal the engine's EventKind values (the engine asserts this in a test).
    public static final byte KIND_MARKET_TICK = 1;
    public static final byte KIND_MARKET_STATUS = 2;
    public static final byte KIND_ORDER_UPDATE = 3;
    public static final byte KIND_POSITION_UPDATE = 4;
    public static final byte KIND_ORDER_ACK = 5;
    public static final byte KIND_TIMER = 6;
    public static final byte KIND_RULE_COMMAND = 7;
    public static final byte KIND_CONTROL = 8;
    public static final byte KIND_ORDER_INTENT = 9;
    public static final byte MAX_KIND = KIND_ORDER_INTENT;

    public static final int MAX_DEPTH_LEVELS = 30;
    public static final int MAX_ID_BYTES = 40;
    public static final int MAX_TEXT_BYTES = 255;
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Upper bound of one record: header plus the largest body (a command with full text and payload). */
    public static final int MAX_RECORD_BYTES =
        RecordHeaderEncoder.ENCODED_LENGTH + CommandEncoder.FIXED_LENGTH + MAX_TEXT_BYTES + MAX_PAYLOAD_BYTES;

    private JournalLayout() {
    }

    public static boolean isKnownKind(final byte kind) {
        return kind >= KIND_MARKET_TICK && kind <= MAX_KIND;
    }

    /** Smallest valid body for a kind, or -1 for an unknown kind. */
    public static int minBodyLength(final byte kind) {
        switch (kind) {
            case KIND_DAY_START: return DAY_START_BODY_LENGTH;
            case KIND_MARKET_TICK: return MarketTickEncoder.FIXED_LENGTH;
            case KIND_MARKET_STATUS: return MarketStatusEncoder.ENCODED_LENGTH;
            case KIND_ORDER_UPDATE:
            case KIND_POSITION_UPDATE:
            case KIND_ORDER_ACK:
            case KIND_ORDER_INTENT: return OrderEncoder.FIXED_LENGTH;
            case KIND_TIMER: return TimerEncoder.ENCODED_LENGTH;
            case KIND_RULE_COMMAND:
            case KIND_CONTROL: return CommandEncoder.FIXED_LENGTH;
            default: return -1;
        }
    }

    public static String kindName(final byte kind) {
        switch (kind) {
            case KIND_DAY_START: return "DAY_START";
            case KIND_MARKET_TICK: return "MARKET_TICK";
            case KIND_MARKET_STATUS: return "MARKET_STATUS";
            case KIND_ORDER_UPDATE: return "ORDER_UPDATE";
            case KIND_POSITION_UPDATE: return "POSITION_UPDATE";
            case KIND_ORDER_ACK: return "ORDER_ACK";
            case KIND_TIMER: return "TIMER";
            case KIND_RULE_COMMAND: return "RULE_COMMAND";
            case KIND_CONTROL: return "CONTROL";
            case KIND_ORDER_INTENT: return "ORDER_INTENT";
            default: return "UNKNOWN(" + kind + ")";
        }
    }
}

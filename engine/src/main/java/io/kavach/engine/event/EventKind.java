package io.kavach.engine.event;

/**
 * The discriminator of an {@link InputEvent}. Values are stable: they are written to the journal,
 * so a kind is never renumbered or reused.
 */
public final class EventKind {
    /** A market-data update for one instrument (any feed shape: ltpc, full, index, first level with greeks). */
    public static final byte MARKET_TICK = 1;
    /** Segment status from the feed's market_info message. */
    public static final byte MARKET_STATUS = 2;
    /** An order update: from the portfolio feed, a paper fill, or reconciliation. */
    public static final byte ORDER_UPDATE = 3;
    /** A position update from the portfolio feed or reconciliation. */
    public static final byte POSITION_UPDATE = 4;
    /** The broker's answer to an order intent: broker order id or error. */
    public static final byte ORDER_ACK = 5;
    /** A journaled clock event: the only way time advances when no tick arrives. */
    public static final byte TIMER = 6;
    /** A rule added, changed, enabled, disabled or deleted. */
    public static final byte RULE_COMMAND = 7;
    /** Connection state, token expiry, session start/end, kill switch. */
    public static final byte CONTROL = 8;
    /** An order intent the logic emitted and the outbox handed to a gateway (journaled before it leaves). */
    public static final byte ORDER_INTENT = 9;

    public static final byte MAX_KIND = ORDER_INTENT;

    private EventKind() {
    }

    public static String name(final byte kind) {
        switch (kind) {
            case MARKET_TICK: return "MARKET_TICK";
            case MARKET_STATUS: return "MARKET_STATUS";
            case ORDER_UPDATE: return "ORDER_UPDATE";
            case POSITION_UPDATE: return "POSITION_UPDATE";
            case ORDER_ACK: return "ORDER_ACK";
            case TIMER: return "TIMER";
            case RULE_COMMAND: return "RULE_COMMAND";
            case CONTROL: return "CONTROL";
            case ORDER_INTENT: return "ORDER_INTENT";
            default: return "UNKNOWN(" + kind + ")";
        }
    }
}

package io.kavach.engine.action;

/** What a fire's action did, as recorded in the monitor log. Stable codes. */
public final class ActionResult {
    /** Order intent(s) handed to the outbox. */
    public static final byte SENT = 1;
    /** A rule effect only (cancel_rule, enable_rule): applied in the fire's step. */
    public static final byte RULE_EFFECT = 2;
    /** A reduce-only exit with no position left to reduce (or all of it already reserved by other exits). */
    public static final byte SKIPPED_FLAT = 3;
    public static final byte REFUSED_HALTED = 4;
    public static final byte REFUSED_RATE_LIMIT = 5;
    public static final byte REFUSED_KILL_SWITCH = 6;

    private ActionResult() {
    }

    public static String name(final byte code) {
        switch (code) {
            case SENT: return "SENT";
            case RULE_EFFECT: return "RULE_EFFECT";
            case SKIPPED_FLAT: return "SKIPPED_FLAT";
            case REFUSED_HALTED: return "REFUSED_HALTED";
            case REFUSED_RATE_LIMIT: return "REFUSED_RATE_LIMIT";
            case REFUSED_KILL_SWITCH: return "REFUSED_KILL_SWITCH";
            default: return "UNKNOWN";
        }
    }
}

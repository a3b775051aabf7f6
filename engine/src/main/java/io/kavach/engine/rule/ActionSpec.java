package io.kavach.engine.rule;

/**
 * A validated action from a rule's {@code action_config} (cold path, immutable). One shape for all
 * action types; fields that do not apply to {@link #type} hold their "not set" value (0, -1, null).
 *
 * @param type           one of the {@code PLACE_ORDER…SQUARE_OFF_INTRADAY} codes
 * @param reduceOnly     the order is an exit: it never exceeds the live position and is skipped when flat
 * @param price          fixed point, -1 when not given
 * @param triggerPrice   fixed point, -1 when not given
 * @param quantity       0 when not given (modify_order keeps the old quantity)
 * @param targetRuleId   rule named by cancel_rule / enable_rule
 */
public record ActionSpec(byte type, int instrumentId, byte side, long quantity, byte orderType, byte product,
                         long price, long triggerPrice, byte validity, boolean reduceOnly, String orderId,
                         long targetRuleId, long[] alsoCancelRules, long[] alsoEnableRules) {
    public static final byte PLACE_ORDER = 1;
    public static final byte CANCEL_ORDER = 2;
    public static final byte MODIFY_ORDER = 3;
    public static final byte CANCEL_RULE = 4;
    public static final byte ENABLE_RULE = 5;
    public static final byte SQUARE_OFF_INTRADAY = 6;

    static final String[] NAMES = {null, "place_order", "cancel_order", "modify_order", "cancel_rule", "enable_rule", "square_off_intraday"};

    public static String name(final byte type) {
        return NAMES[type];
    }

    /** The code for a JSON action_type, or -1. */
    public static byte code(final String name) {
        for (byte i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}

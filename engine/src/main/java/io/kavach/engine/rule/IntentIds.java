package io.kavach.engine.rule;

/**
 * Deterministic order-intent ids and broker tags. A rule's intent id is
 * {@code ruleId << 28 | fireNumber << 8 | leg} (leg: the n-th order of one fire, for square-offs), so the
 * same input stream always yields the same ids, and an order update's intent id tells which rule
 * placed the order. Risk flattening uses ids with bit 62 set. Tags are ASCII, at most 40 bytes:
 * {@code kv-<rule>-<fire>} or {@code kv-<rule>-<fire>-<leg>}, {@code kv-risk-<user>-<n>}.
 *
 * <p>Pure functions; tag writing is allocation-free.
 */
public final class IntentIds {
    public static final long MAX_RULE_ID = (1L << 34) - 1;
    public static final int MAX_FIRE_NUMBER = (1 << 20) - 1;
    private static final long RISK_BIT = 1L << 62;

    private IntentIds() {
    }

    public static long intentId(final long ruleId, final int fireNumber, final int leg) {
        return (ruleId << 28) | ((long) (fireNumber & MAX_FIRE_NUMBER) << 8) | (leg & 0xFF);
    }

    public static long riskIntentId(final int userId, final int sequence) {
        return RISK_BIT | ((long) userId << 28) | (sequence & 0x0FFF_FFFFL);
    }

    public static boolean isRisk(final long intentId) {
        return (intentId & RISK_BIT) != 0;
    }

    /** The rule that placed an intent; 0 for risk intents. */
    public static long ruleId(final long intentId) {
        return isRisk(intentId) ? 0 : intentId >>> 28;
    }

    public static int fireNumber(final long intentId) {
        return (int) ((intentId >>> 8) & MAX_FIRE_NUMBER);
    }

    public static int leg(final long intentId) {
        return (int) (intentId & 0xFF);
    }

    /** Writes the broker tag of {@code intentId} into {@code dst}; returns its length (≤ 40). */
    public static int writeTag(final long intentId, final byte[] dst) {
        int p = 0;
        dst[p++] = 'k';
        dst[p++] = 'v';
        dst[p++] = '-';
        if (isRisk(intentId)) {
            dst[p++] = 'r';
            dst[p++] = 'i';
            dst[p++] = 's';
            dst[p++] = 'k';
            dst[p++] = '-';
            p = writeDecimal((intentId >>> 28) & 0x3FFF_FFFFL, dst, p);
            dst[p++] = '-';
            return writeDecimal(intentId & 0x0FFF_FFFFL, dst, p);
        }
        p = writeDecimal(ruleId(intentId), dst, p);
        dst[p++] = '-';
        p = writeDecimal(fireNumber(intentId), dst, p);
        if (leg(intentId) != 0) {
            dst[p++] = '-';
            p = writeDecimal(leg(intentId), dst, p);
        }
        return p;
    }

    private static int writeDecimal(final long value, final byte[] dst, final int at) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = at + digits - 1; i >= at; i--) {
            dst[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return at + digits;
    }
}

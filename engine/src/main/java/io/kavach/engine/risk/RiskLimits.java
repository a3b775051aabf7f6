package io.kavach.engine.risk;

/**
 * One user's risk limits (cold-path configuration).
 *
 * @param dailyLossLimit      fixed-point rupees (Prices scale); the user is HALTED when the day's P&amp;L falls to minus this; 0 = no limit
 * @param maxOrdersPerMinute  order intents (place, modify, cancel) allowed in any trailing 60 s of event time; 0 = no cap
 * @param flattenOnHalt       when halted, also square off every open position of the user
 */
public record RiskLimits(long dailyLossLimit, int maxOrdersPerMinute, boolean flattenOnHalt) {
    /** Upstox's own per-user limit on order placement/modify/cancel is 500 a minute. */
    public static final int MAX_ORDERS_PER_MINUTE_DEFAULT = 500;
    public static final RiskLimits DEFAULT = new RiskLimits(0, MAX_ORDERS_PER_MINUTE_DEFAULT, false);
}

package io.kavach.engine.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The RISK_LIMITS command's payload: compact JSON, fixed-point money. */
    public byte[] payload() {
        return ("{\"daily_loss_limit\":" + dailyLossLimit + ",\"max_orders_per_minute\":" + maxOrdersPerMinute
            + ",\"flatten_on_halt\":" + flattenOnHalt + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@link #payload()}; throws {@link IllegalArgumentException} naming the field that is missing or wrong. */
    public static RiskLimits fromPayload(final byte[] payload, final int length) {
        final JsonNode n;
        try {
            n = JSON.readTree(payload, 0, length);
        } catch (final IOException e) {
            throw new IllegalArgumentException("risk limits: expected JSON, " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("risk limits: expected a JSON object");
        }
        final JsonNode loss = n.get("daily_loss_limit");
        final JsonNode cap = n.get("max_orders_per_minute");
        final JsonNode flatten = n.get("flatten_on_halt");
        if (loss == null || !loss.isIntegralNumber() || !loss.canConvertToLong() || loss.asLong() < 0) {
            throw new IllegalArgumentException("risk limits: daily_loss_limit: expected a fixed-point amount >= 0, got " + loss);
        }
        if (cap == null || !cap.isInt() || cap.asInt() < 0) {
            throw new IllegalArgumentException("risk limits: max_orders_per_minute: expected a count >= 0, got " + cap);
        }
        if (flatten == null || !flatten.isBoolean()) {
            throw new IllegalArgumentException("risk limits: flatten_on_halt: expected true or false, got " + flatten);
        }
        return new RiskLimits(loss.asLong(), cap.asInt(), flatten.asBoolean());
    }
}

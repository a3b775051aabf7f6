package io.kavach.order.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.order.BrokerOrderSnapshot;
import io.kavach.order.OrderCodes;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads Upstox JSON answers: the success/error envelope, order ids, order rows, position rows.
 * Every method reports what it could not read through {@link #error()} instead of throwing, so the
 * router can log the raw body, count it, and keep the order in a safe state.
 *
 * <p>Threading: owned by the router's event loop; not thread-safe (holds the last error).
 */
public final class UpstoxResponseParser {
    private final ObjectMapper mapper = new ObjectMapper();
    private String error;

    public String error() {
        return error;
    }

    /** The parsed body, or null with {@link #error()} set. */
    public JsonNode parse(final byte[] body, final int length) {
        error = null;
        if (length == 0) {
            error = "empty body";
            return null;
        }
        try {
            final JsonNode root = mapper.readTree(body, 0, length);
            if (root == null || !root.isObject()) {
                error = "body is not a JSON object";
                return null;
            }
            return root;
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            error = "JSON does not parse: " + e.getOriginalMessage();
            return null;
        } catch (final IOException e) {
            error = "JSON does not parse: " + e.getMessage();
            return null;
        }
    }

    public static boolean isSuccess(final JsonNode root) {
        final String status = root.path("status").asText("");
        return status.equals("success") || status.equals("partial_success");
    }

    /** The first error's code (e.g. UDAPI100010), or null. */
    public static String errorCode(final JsonNode root) {
        final JsonNode e = root.path("errors").path(0);
        final JsonNode code = e.has("error_code") ? e.get("error_code") : e.get("errorCode");
        return code == null || code.isNull() ? null : code.asText();
    }

    /** "CODE: message" of the first error, or a fallback naming the HTTP status. */
    public static String errorText(final JsonNode root, final int httpStatus) {
        if (root == null) {
            return "HTTP " + httpStatus;
        }
        final JsonNode e = root.path("errors").path(0);
        final String code = errorCode(root);
        final String message = e.path("message").asText("");
        if (code == null && message.isEmpty()) {
            return "HTTP " + httpStatus;
        }
        return (code == null ? "" : code + ": ") + message;
    }

    /** Order id of a place answer: v3 {@code data.order_ids[0]}, v2 {@code data.order_id}; null with error set. */
    public String placedOrderId(final JsonNode root) {
        final JsonNode data = root.path("data");
        JsonNode id = data.path("order_ids").path(0);
        if (id.isMissingNode() || id.isNull()) {
            id = data.path("order_id");
        }
        if (id.isMissingNode() || id.isNull() || !id.isValueNode() || id.asText().isEmpty()) {
            error = "no order id in data.order_ids[0] or data.order_id";
            return null;
        }
        return id.asText();
    }

    /** Fills {@code out} from one order object; false (error set) if the row lacks an order id or status. */
    public boolean order(final JsonNode row, final BrokerOrderSnapshot out) {
        out.clear();
        if (row == null || !row.isObject()) {
            error = "order row is not an object";
            return false;
        }
        out.orderId = text(row, "order_id");
        out.tag = text(row, "tag");
        out.status = text(row, "status");
        out.statusMessage = text(row, "status_message");
        out.instrumentKey = text(row, "instrument_token");
        if (out.instrumentKey == null) {
            out.instrumentKey = text(row, "instrument_key");
        }
        out.side = OrderCodes.sideOf(text(row, "transaction_type"));
        out.orderType = OrderCodes.typeOf(text(row, "order_type"));
        out.product = OrderCodes.productOf(text(row, "product"));
        final String validity = text(row, "validity");
        out.validity = "IOC".equals(validity) ? OrderCodes.VALIDITY_IOC : "DAY".equals(validity) ? OrderCodes.VALIDITY_DAY : 0;
        out.amo = row.path("is_amo").asBoolean(false);
        out.quantity = row.path("quantity").asLong(0);
        out.filledQuantity = row.path("filled_quantity").asLong(0);
        out.pendingQuantity = row.path("pending_quantity").asLong(0);
        out.price = price(row, "price");
        out.triggerPrice = price(row, "trigger_price");
        out.averagePrice = price(row, "average_price");
        out.exchangeTimeEpochMs = istTimestamp(text(row, "exchange_timestamp"));
        out.orderTimeEpochMs = istTimestamp(text(row, "order_timestamp"));
        if (out.orderId == null) {
            error = "order row without order_id";
            return false;
        }
        if (out.status == null) {
            error = "order " + out.orderId + " without status";
            return false;
        }
        return true;
    }

    /** Calls {@code each} for every object in {@code data} (an array) — order book, history. */
    public boolean forEachRow(final JsonNode root, final Consumer<JsonNode> each) {
        final JsonNode data = root.path("data");
        if (data.isNull() || data.isMissingNode()) {
            return true; // no orders
        }
        if (!data.isArray()) {
            error = "data is not an array";
            return false;
        }
        for (final JsonNode row : data) {
            each.accept(row);
        }
        return true;
    }

    static String text(final JsonNode row, final String field) {
        final JsonNode n = row.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    static long price(final JsonNode row, final String field) {
        final JsonNode n = row.get(field);
        if (n == null || !n.isNumber() && !n.isTextual()) {
            return 0;
        }
        final double v = n.asDouble(0.0);
        return Prices.isValidPrice(v) ? Prices.toFixed(v) : 0;
    }

    /** "yyyy-MM-dd HH:mm:ss" in IST (also accepts a 'T' separator and trailing zone text) → epoch ms; 0 if absent or malformed. */
    static long istTimestamp(final String s) {
        if (s == null || s.length() < 19) {
            return 0;
        }
        try {
            final int year = Integer.parseInt(s, 0, 4, 10);
            final int month = Integer.parseInt(s, 5, 7, 10);
            final int dayOfMonth = Integer.parseInt(s, 8, 10, 10);
            final int hour = Integer.parseInt(s, 11, 13, 10);
            final int minute = Integer.parseInt(s, 14, 16, 10);
            final int second = Integer.parseInt(s, 17, 19, 10);
            final long epochDay = java.time.LocalDate.of(year, month, dayOfMonth).toEpochDay();
            return MarketClock.epochMsAt(epochDay, hour * 60 + minute) + second * 1000L;
        } catch (final RuntimeException e) {
            return 0;
        }
    }
}

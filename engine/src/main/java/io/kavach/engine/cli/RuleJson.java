package io.kavach.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.store.rule.RuleDefinition;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Helpers that turn command-line flags into a rule in the nf-monitor model (the JSON the engine's
 * rule parser reads), and that rule into the store's definition. Bad values become a
 * {@link BadInputException} naming the flag.
 *
 * <p>Threading: stateless.
 */
final class RuleJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private RuleJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** A raw {@code --trigger-config}/{@code --action-config} value: must be a JSON object. */
    static ObjectNode rawObject(final String json, final String flag) {
        if (json == null) {
            return object();
        }
        final JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new BadInputException(flag + ": not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadInputException(flag + ": expected a JSON object {...}, got " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        return (ObjectNode) node;
    }

    /** Sets {@code field} from a flag unless the raw JSON already has it (giving both is refused). */
    static void put(final ObjectNode config, final String field, final JsonNode value, final String flag, final String rawFlag) {
        if (value == null) {
            return;
        }
        if (config.has(field)) {
            throw new BadInputException(flag + " and " + rawFlag + " both set \"" + field + "\": give it once");
        }
        config.set(field, value);
    }

    static JsonNode text(final String value) {
        return value == null ? null : MAPPER.getNodeFactory().textNode(value);
    }

    static JsonNode number(final BigDecimal value) {
        return value == null ? null : MAPPER.getNodeFactory().numberNode(value);
    }

    static JsonNode number(final Long value) {
        return value == null ? null : MAPPER.getNodeFactory().numberNode(value);
    }

    static JsonNode bool(final Boolean value) {
        return value == null ? null : MAPPER.getNodeFactory().booleanNode(value);
    }

    static JsonNode ids(final List<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        final ArrayNode a = array();
        ids.forEach(a::add);
        return a;
    }

    static String oneOf(final String value, final String flag, final Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new BadInputException(flag + ": expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '" + value + "'");
        }
        return value;
    }

    static BigDecimal positivePrice(final BigDecimal value, final String flag) {
        if (value != null && value.signum() <= 0) {
            throw new BadInputException(flag + ": expected a price above 0, got " + value.toPlainString());
        }
        return value;
    }

    static Long positive(final Long value, final String flag) {
        if (value != null && value <= 0) {
            throw new BadInputException(flag + ": expected a number above 0, got " + value);
        }
        return value;
    }

    /**
     * {@code --expires}: {@code never}, {@code today} (23:59:59 IST today), {@code HH:MM} (today, IST),
     * {@code YYYY-MM-DD} (end of that day, IST) or an ISO date-time with offset. Must be in the future
     * ({@code now} is the wall clock: the CLI is outside the engine).
     */
    static Instant expiry(final String value, final Instant now) {
        if (value == null || value.equals("never")) {
            return null;
        }
        final LocalDate today = now.atOffset(IST).toLocalDate();
        Instant at;
        try {
            if (value.equals("today")) {
                at = today.atTime(LocalTime.of(23, 59, 59)).atOffset(IST).toInstant();
            } else if (value.matches("\\d{1,2}:\\d{2}")) {
                at = today.atTime(LocalTime.parse(value.length() == 4 ? "0" + value : value)).atOffset(IST).toInstant();
            } else if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                at = LocalDate.parse(value).atTime(LocalTime.of(23, 59, 59)).atOffset(IST).toInstant();
            } else {
                at = OffsetDateTime.parse(value).toInstant();
            }
        } catch (final DateTimeParseException e) {
            throw new BadInputException("--expires: expected never, today, HH:MM, YYYY-MM-DD or an ISO date-time with offset "
                + "(2026-11-20T15:20:00+05:30), got '" + value + "'");
        }
        if (!at.isAfter(now)) {
            throw new BadInputException("--expires: " + value + " (" + iso(at) + ") is in the past");
        }
        return at;
    }

    /** A point in time: {@code HH:MM} (today, IST) or an ISO date-time with offset. */
    static Instant instant(final String value, final String flag, final Instant now) {
        try {
            if (value.matches("\\d{1,2}:\\d{2}")) {
                return now.atOffset(IST).toLocalDate().atTime(LocalTime.parse(value.length() == 4 ? "0" + value : value)).atOffset(IST).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (final DateTimeParseException e) {
            throw new BadInputException(flag + ": expected HH:MM (IST) or an ISO date-time with offset (2026-11-20T10:15:00+05:30), got '" + value + "'");
        }
    }

    /** {@code --max-fires}: a positive number or {@code unlimited}. */
    static Integer maxFires(final String value) {
        if (value == null || value.equals("unlimited")) {
            return null;
        }
        final int n;
        try {
            n = Integer.parseInt(value);
        } catch (final NumberFormatException e) {
            throw new BadInputException("--max-fires: expected a positive number or 'unlimited', got '" + value + "'");
        }
        if (n < 1) {
            throw new BadInputException("--max-fires: expected at least 1 (1 = one-shot), got " + n);
        }
        return n;
    }

    /** The store's definition of a rule built here (the JSON configs verbatim). */
    static RuleDefinition definition(final ObjectNode rule, final Instant expiresAt) {
        return new RuleDefinition(rule.get("user_id").asInt(), rule.get("name").asText(), rule.get("enabled").asBoolean(),
            rule.get("trigger_type").asText(), rule.get("trigger_config").toString(),
            rule.get("action_type").asText(), rule.get("action_config").toString(),
            textOrNull(rule, "instrument_token"), textOrNull(rule, "symbol"),
            textOrNull(rule, "linked_trade_id"), textOrNull(rule, "linked_order_id"),
            rule.get("max_fires").isNull() ? null : rule.get("max_fires").asInt(), expiresAt);
    }

    private static String textOrNull(final ObjectNode n, final String field) {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String iso(final Instant instant) {
        return instant == null ? null : java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(IST));
    }
}

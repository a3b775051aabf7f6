package io.kavach.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An HTTP answer in Upstox's envelopes: {@code {"status":"success","data":…}} (v3 adds
 * {@code metadata.latency}) or {@code {"status":"error","errors":[{error_code, message,
 * property_path, invalid_value}]}}. {@code location} is set only for redirects.
 *
 * <p>Immutable; safe on any thread.
 */
public record Reply(int httpStatus, String body, String location) {
    public static final String INVALID_TOKEN = "UDAPI100050";
    public static final String TOO_MANY_REQUESTS = "UDAPI10005";
    public static final String ORDER_NOT_FOUND = "UDAPI100010";
    public static final String ORDER_ALREADY_FINAL = "UDAPI100040";
    /** Sim-chosen (PROTOCOL.md has no code for these): a request field that is missing or invalid. */
    public static final String INVALID_FIELD = "UDAPI1000";
    /** Sim-chosen: no such route on this host. */
    public static final String NOT_FOUND = "UDAPI100060";
    /** Sim-chosen: an injected server error. */
    public static final String SERVER_ERROR = "UDAPI100500";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public Reply(final int httpStatus, final String body) {
        this(httpStatus, body, null);
    }

    /** A redirect with an empty body. */
    public static Reply redirect(final int httpStatus, final String location) {
        return new Reply(httpStatus, "", location);
    }

    public static Reply success(final JsonNode data, final boolean withLatency) {
        final ObjectNode root = NODES.objectNode();
        root.put("status", "success");
        root.set("data", data);
        if (withLatency) {
            root.putObject("metadata").put("latency", 1);
        }
        return new Reply(200, root.toString());
    }

    public static Reply error(final int httpStatus, final String code, final String message) {
        return error(httpStatus, code, message, null, null);
    }

    public static Reply error(final int httpStatus, final String code, final String message, final String propertyPath,
                              final String invalidValue) {
        final ObjectNode root = NODES.objectNode();
        root.put("status", "error");
        final ArrayNode errors = root.putArray("errors");
        final ObjectNode e = errors.addObject();
        e.put("error_code", code);
        e.put("message", message);
        if (propertyPath == null) {
            e.putNull("property_path");
        } else {
            e.put("property_path", propertyPath);
        }
        if (invalidValue == null) {
            e.putNull("invalid_value");
        } else {
            e.put("invalid_value", invalidValue);
        }
        return new Reply(httpStatus, root.toString());
    }

    public static Reply invalidToken() {
        return error(401, INVALID_TOKEN, "Invalid token used to access API");
    }

    public static Reply tooManyRequests() {
        return error(429, TOO_MANY_REQUESTS, "Too Many Request Sent");
    }
}

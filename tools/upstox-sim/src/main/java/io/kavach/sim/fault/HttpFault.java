package io.kavach.sim.fault;

/**
 * What to do to one HTTP request instead of (or after) serving it.
 *
 * @param kind            the misbehaviour
 * @param httpStatus      the status for {@link Kind#SERVER_ERROR} (500, 502, 503, 504…)
 * @param afterProcessing true: the request takes effect (an order is placed) and only the answer
 *                        is spoiled; false: the request is not processed at all
 *
 * <p>Immutable; safe on any thread.
 */
public record HttpFault(Kind kind, int httpStatus, boolean afterProcessing) {

    public enum Kind {
        /** 429 with UDAPI10005. */
        TOO_MANY_REQUESTS,
        /** 5xx with an error envelope. */
        SERVER_ERROR,
        /** No answer at all; the connection stays open (the client must time out). */
        NO_ANSWER,
        /** 401 with UDAPI100050, whatever the token. */
        UNAUTHORIZED,
        /** 200 with a body that is not JSON. */
        MALFORMED_BODY,
        /** The real answer with every order {@code status} in {@code data} replaced by one no client knows. */
        UNKNOWN_STATUS,
        /** The real answer without its order id ({@code data.order_ids} empty, {@code data.order_id} removed). */
        MISSING_ORDER_ID
    }

    /** The status string {@link Kind#UNKNOWN_STATUS} writes. */
    public static final String UNKNOWN_STATUS_STRING = "partially executed by the simulator";

    public static HttpFault tooManyRequests() {
        return new HttpFault(Kind.TOO_MANY_REQUESTS, 429, false);
    }

    public static HttpFault serverError(final int status, final boolean afterProcessing) {
        return new HttpFault(Kind.SERVER_ERROR, status, afterProcessing);
    }

    public static HttpFault noAnswer(final boolean afterProcessing) {
        return new HttpFault(Kind.NO_ANSWER, 0, afterProcessing);
    }

    public static HttpFault unauthorized() {
        return new HttpFault(Kind.UNAUTHORIZED, 401, false);
    }

    public static HttpFault malformedBody() {
        return new HttpFault(Kind.MALFORMED_BODY, 200, true);
    }

    public static HttpFault unknownStatus() {
        return new HttpFault(Kind.UNKNOWN_STATUS, 200, true);
    }

    public static HttpFault missingOrderId() {
        return new HttpFault(Kind.MISSING_ORDER_ID, 200, true);
    }
}

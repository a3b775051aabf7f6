package io.kavach.order.http;

import io.netty.buffer.ByteBuf;

/**
 * What a {@link HttpConnectionPool} reports about the exchanges it carries. Called on the pool's
 * event loop; the body is valid only during the call.
 *
 * @param <C> the caller's record of what was asked
 */
public interface HttpExchangeHandler<C> {
    int FAILURE_TIMEOUT = 1;
    int FAILURE_CONNECTION_LOST = 2;

    void onResponse(C call, int httpStatus, ByteBuf body);

    /** No answer will come: timed out (the connection was closed) or the connection broke mid-exchange. */
    void onExchangeFailed(C call, int failure);

    /** A connection became free or newly connected: queued work can go. */
    void onConnectionAvailable();
}

package io.kavach.order.http;

/**
 * Sees the moment a request's last byte was handed to the socket. For latency measurement only:
 * with an observer set, each write allocates a promise; without one, writes use the void promise.
 * Called on the pool's event loop.
 */
@FunctionalInterface
public interface WireObserver {
    void onWritten(long requestId, long nanoTime);
}

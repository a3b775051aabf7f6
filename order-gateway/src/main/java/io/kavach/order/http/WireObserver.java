package io.kavach.order.http;

/**
 * Sees a request just before it is handed to the channel and the moment its last byte was written
 * to the socket, so a benchmark can split the gateway's own work from the socket write. For latency
 * measurement only: with an observer set, each write allocates a promise; without one, writes use
 * the void promise. Called on the pool's event loop.
 */
public interface WireObserver {
    /** The request is encoded and about to be written ({@code System.nanoTime()}). */
    void onWriting(long requestId, long nanoTime);

    /** The write of the request's last byte to the socket completed ({@code System.nanoTime()}). */
    void onWritten(long requestId, long nanoTime);
}

package io.kavach.feed.connection;

import io.netty.buffer.ByteBuf;

/**
 * What a feed does with its open WebSocket: the market feed subscribes and decodes binary protobuf,
 * the portfolio feed decodes JSON text.
 *
 * <p>Threading: called on the connection's event loop. Frame buffers are released by the caller
 * after the call returns; do not keep them.
 */
public interface FeedFrameHandler {
    /** A new WebSocket is open: (re)send everything the server must know, e.g. all subscriptions. */
    void onOpen(FeedConnection connection);

    void onBinaryFrame(ByteBuf content);

    void onTextFrame(ByteBuf content);
}

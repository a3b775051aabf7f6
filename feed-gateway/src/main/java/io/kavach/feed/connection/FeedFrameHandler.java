package io.kavach.feed.connection;

import io.netty.buffer.ByteBuf;

/**
 * What a feed does with its open WebSocket: the market feed subscribes and decodes binary protobuf,
 * the portfolio feed decodes JSON text.
 *
 * <p>Threading: called on the connection's event loop. A frame is the range {@code [index, index + length)}
 * of a buffer that holds other frames too (read it by index; its reader index is not the frame's); the
 * buffer is released or reused after the call returns, so do not keep it.
 */
public interface FeedFrameHandler {
    /** A new WebSocket is open: (re)send everything the server must know, e.g. all subscriptions. */
    void onOpen(FeedConnection connection);

    void onBinaryFrame(ByteBuf buffer, int index, int length);

    void onTextFrame(ByteBuf buffer, int index, int length);
}

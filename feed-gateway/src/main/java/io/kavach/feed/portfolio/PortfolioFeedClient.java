package io.kavach.feed.portfolio;

import io.kavach.feed.connection.FeedConnection;
import io.kavach.feed.connection.FeedConnectionConfig;
import io.kavach.feed.connection.FeedConnectionListener;
import io.kavach.feed.connection.FeedFrameHandler;
import io.kavach.feed.connection.TokenSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.Random;

/**
 * The Upstox portfolio stream for one user: a self-healing {@link FeedConnection} (authorize with
 * update_types order, position, holding, gtt_order → WebSocket) whose JSON frames go to the
 * {@link PortfolioUpdateDecoder}. Nothing is sent after connecting; updates start at once.
 *
 * <p>Threading: everything runs on the given event loop; start/stop may be called from any thread.
 */
public final class PortfolioFeedClient implements FeedFrameHandler {
    private final FeedConnection connection;
    private final PortfolioUpdateDecoder decoder;
    private final FeedConnectionListener listener;
    private byte[] scratch = new byte[16 * 1024];

    /**
     * @param config its authorize URI should end in {@link FeedConnectionConfig#PORTFOLIO_AUTHORIZE_PATH}
     */
    public PortfolioFeedClient(final EventLoop loop, final FeedConnectionConfig config, final TokenSource tokens,
                               final PortfolioUpdateDecoder decoder, final FeedConnectionListener listener, final Random random) {
        this.decoder = decoder;
        this.listener = listener;
        this.connection = new FeedConnection(loop, config, tokens, this, listener, random);
    }

    public void start() {
        connection.start();
    }

    public void stop() {
        connection.stop();
    }

    public FeedConnection connection() {
        return connection;
    }

    @Override
    public void onOpen(final FeedConnection open) {
        // the portfolio stream needs no request: updates for the authorized update_types start at once
    }

    @Override
    public void onTextFrame(final ByteBuf buffer, final int index, final int length) {
        decode(buffer, index, length);
    }

    @Override
    public void onBinaryFrame(final ByteBuf buffer, final int index, final int length) {
        decode(buffer, index, length); // JSON in a binary frame is still JSON
    }

    private void decode(final ByteBuf buffer, final int index, final int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(index, scratch, 0, length);
        if (decoder.decode(scratch, 0, length) != PortfolioUpdateDecoder.OK) {
            listener.onBadFrame(connection.feedName(), decoder.describeLastError());
        }
    }
}

package io.kavach.feed.connection;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One Upstox feed WebSocket that keeps itself alive: authorize (Bearer token) → single-use URI →
 * (TLS) WebSocket → {@link FeedFrameHandler#onOpen} (which subscribes) → frames. On any loss it
 * authorizes again and reconnects after an exponential, jittered backoff ({@link ReconnectBackoff}),
 * reset once a connection has been healthy for a while.
 *
 * <p>Frames: after Netty's upgrade, {@link WebSocketFrameReader} takes over the framing and hands each
 * data frame to the {@link FeedFrameHandler} as an index range of the socket read's buffer (no frame
 * object, no copy); every read is stamped first ({@link #readNanos()}).
 *
 * <p>Liveness: we ping every {@code pingIntervalMs}; any frame from the server (pong, ping, data)
 * answers it. A ping unanswered for {@code pongTimeoutMs} drops and rebuilds the connection, which
 * catches half-open sockets without false alarms while the market is closed (the server answers
 * pings even when it has no data).
 *
 * <p>Tokens: a refused token (HTTP 401 / UDAPI100050) makes the {@link TokenSource} reload; a
 * different token is tried at once, the same (or none) pauses the feed with an alert and re-checks
 * the source every {@code tokenRecheckMs} — never a hot loop. The token and the single-use URI are
 * never logged or put into a message.
 *
 * <p>Threading: every field is owned by the given event loop (the engine's single event loop); the
 * public methods may be called from any thread and hop onto it. Wall-clock (nanoTime) use is limited
 * to liveness and backoff timing in this gateway.
 */
public final class FeedConnection {
    private enum State { STOPPED, AUTHORIZING, CONNECTING, OPEN, WAITING, PAUSED }

    private final EventLoop loop;
    private final FeedConnectionConfig config;
    private final TokenSource tokens;
    private final FeedFrameHandler frames;
    private final FeedConnectionListener listener;
    private final ReconnectBackoff backoff;
    private final SslContext ssl;

    private State state = State.STOPPED;
    /** Increments per connection attempt; callbacks of older attempts are ignored. */
    private long generation;
    private Channel channel;
    private String closeReason;
    /** The last token the broker refused: kept only to recognise a fresh one, never shown. */
    private String refusedToken;
    private long pingSentNanos;
    /** When the socket read being processed now arrived: frames decoded from it are stamped with this. */
    private long readNanos;
    private ScheduledFuture<?> livenessTask;
    private ScheduledFuture<?> pendingTask;

    private long connects;
    private long authorizations;
    private long tokenRefusals;
    private long livenessDrops;

    public FeedConnection(final EventLoop loop, final FeedConnectionConfig config, final TokenSource tokens, final FeedFrameHandler frames,
                          final FeedConnectionListener listener, final Random jitter) {
        this.loop = loop;
        this.config = config;
        this.tokens = tokens;
        this.frames = frames;
        this.listener = listener;
        this.backoff = new ReconnectBackoff(config.backoffInitialMs(), config.backoffMaxMs(), config.backoffJitterFraction(), jitter);
        this.ssl = config.sslContext() != null ? config.sslContext() : defaultSsl(config.authorizeUri());
    }

    private static SslContext defaultSsl(final URI authorizeUri) {
        if (!"https".equalsIgnoreCase(authorizeUri.getScheme())) {
            return null;
        }
        try {
            // the JDK trust store, and the certificate must name the host we dialled
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (final SSLException e) {
            throw new IllegalStateException("cannot build the default TLS client context", e);
        }
    }

    /** Starts connecting (no-op when already started). */
    public void start() {
        loop.execute(() -> {
            if (state == State.STOPPED) {
                backoff.reset();
                authorize();
            }
        });
    }

    /** Closes the connection and stops reconnecting. */
    public void stop() {
        loop.execute(() -> {
            state = State.STOPPED;
            generation++;
            cancelTimers();
            if (channel != null) {
                channel.close();
                channel = null;
            }
        });
    }

    /** Tries again now after a pause for want of a token (e.g. the user just saved a fresh one). */
    public void resume() {
        loop.execute(() -> {
            if (state == State.PAUSED) {
                cancelTimers();
                authorize();
            }
        });
    }

    /**
     * Sends a binary frame on the open WebSocket; dropped when not open (the frame handler resends
     * its state on the next {@link FeedFrameHandler#onOpen}). Call on the event loop.
     *
     * @return whether the frame was written
     */
    public boolean sendBinary(final byte[] payload) {
        if (state != State.OPEN || channel == null) {
            return false;
        }
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        return true;
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * {@code System.nanoTime()} when the socket read that carried the frame being handled now was
     * taken, before TLS and WebSocket decoding: the start of the feed's latency figure. A frame split
     * over two reads carries the second read's time. Call on the event loop, from a frame callback.
     */
    public long readNanos() {
        return readNanos;
    }

    public String feedName() {
        return config.feedName();
    }

    public long connects() {
        return connects;
    }

    public long authorizations() {
        return authorizations;
    }

    public long tokenRefusals() {
        return tokenRefusals;
    }

    public long livenessDrops() {
        return livenessDrops;
    }

    // ---- the cycle -------------------------------------------------------------------------------

    private void authorize() {
        String token = tokens.currentToken();
        if (token == null || token.isEmpty()) {
            token = tokens.reload();
            if (token == null || token.isEmpty()) {
                pause("no access token is available; save a fresh token to resume the " + config.feedName());
                return;
            }
        }
        final String using = token;
        state = State.AUTHORIZING;
        final long attempt = ++generation;
        authorizations++;
        FeedAuthorizer.authorize(loop, config, ssl, using, new FeedAuthorizer.Callback() {
            @Override
            public void onAuthorized(final URI feedUri) {
                if (attempt == generation && state == State.AUTHORIZING) {
                    connect(feedUri, attempt);
                }
            }

            @Override
            public void onTokenRefused() {
                if (attempt == generation && state == State.AUTHORIZING) {
                    tokenRefused(using);
                }
            }

            @Override
            public void onFailed(final String reason) {
                if (attempt == generation && state == State.AUTHORIZING) {
                    retryLater(reason);
                }
            }
        });
    }

    private void tokenRefused(final String refused) {
        tokenRefusals++;
        refusedToken = refused;
        final String fresh = tokens.reload();
        if (isFresh(fresh)) {
            authorize(); // a different token: one immediate try; if it is refused too, this ends in a pause
            return;
        }
        pause("Upstox refused the access token (401 / " + FeedAuthorizer.TOKEN_INVALID_CODE + ") and no fresh token is available; "
            + "the " + config.feedName() + " is paused until a new token is saved");
    }

    private boolean isFresh(final String token) {
        return token != null && !token.isEmpty() && !token.equals(refusedToken);
    }

    private void pause(final String alert) {
        cancelTimers();
        generation++;
        state = State.PAUSED;
        final long recheck = config.tokenRecheckMs();
        pendingTask = loop.schedule(this::recheckToken, recheck, TimeUnit.MILLISECONDS);
        listener.onPaused(config.feedName(), alert, recheck);
    }

    private void recheckToken() {
        if (state != State.PAUSED) {
            return;
        }
        if (isFresh(tokens.reload())) {
            authorize();
        } else {
            pendingTask = loop.schedule(this::recheckToken, config.tokenRecheckMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void connect(final URI feedUri, final long attempt) {
        state = State.CONNECTING;
        final boolean tls = "wss".equalsIgnoreCase(feedUri.getScheme());
        final String host = feedUri.getHost();
        final int port = feedUri.getPort() > 0 ? feedUri.getPort() : tls ? 443 : 80;
        final SslContext wsSsl = tls ? (ssl != null ? ssl : defaultSsl(URI.create("https://" + host))) : null;
        final WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
            .handleCloseFrames(true)
            .dropPongFrames(false)
            .withUTF8Validator(false) // data frames bypass Netty's frame objects; the decoders check their bytes
            .handshakeTimeoutMillis(config.connectTimeoutMs())
            .build();
        final WebSocketFrameReader.Sink dataFrames = new DataFrames(attempt);
        final WebSocketClientHandshaker handshaker = new WebSocketClientHandshaker13(feedUri, WebSocketVersion.V13, null, false,
            EmptyHttpHeaders.INSTANCE, config.maxFrameBytes(), true, false, config.connectTimeoutMs()) {
            @Override
            protected WebSocketFrameDecoder newWebsocketDecoder() {
                return new WebSocketFrameReader(dataFrames, config.maxFrameBytes());
            }
        };
        final Bootstrap bootstrap = new Bootstrap().group(loop).channel(LoopChannels.socketChannelFor(loop))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeoutMs())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(final Channel ch) {
                    ch.pipeline().addLast(readStamp);
                    if (wsSsl != null) {
                        ch.pipeline().addLast(wsSsl.newHandler(ch.alloc(), host, port));
                    }
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), new LivenessTap(attempt),
                        new WebSocketClientProtocolHandler(handshaker, wsConfig), new FrameDispatcher(attempt));
                }
            });
        bootstrap.connect(host, port).addListener((ChannelFutureListener) connected -> {
            if (attempt != generation) {
                connected.channel().close();
                return;
            }
            if (!connected.isSuccess()) {
                retryLater("cannot connect to the feed at " + host + ":" + port + ": " + connected.cause().getClass().getSimpleName());
                return;
            }
            channel = connected.channel();
            closeReason = "the server closed the connection";
            channel.closeFuture().addListener(closed -> onClosed(attempt));
        });
    }

    private void onOpen(final long attempt) {
        if (attempt != generation || state != State.CONNECTING) {
            return;
        }
        state = State.OPEN;
        connects++;
        pingSentNanos = 0;
        livenessTask = loop.scheduleAtFixedRate(() -> checkLiveness(attempt), config.pingIntervalMs(), config.pingIntervalMs(),
            TimeUnit.MILLISECONDS);
        pendingTask = loop.schedule(() -> {
            if (attempt == generation && state == State.OPEN) {
                backoff.reset();
            }
        }, config.healthyResetMs(), TimeUnit.MILLISECONDS);
        frames.onOpen(this);
        listener.onConnected(config.feedName());
    }

    private void checkLiveness(final long attempt) {
        if (attempt != generation || state != State.OPEN || channel == null) {
            return;
        }
        final long now = System.nanoTime(); // gateway liveness timing, not logic time
        if (pingSentNanos != 0) {
            if (now - pingSentNanos >= TimeUnit.MILLISECONDS.toNanos(config.pongTimeoutMs())) {
                livenessDrops++;
                closeReason = "no answer to our ping for " + config.pongTimeoutMs() + " ms (half-open connection?)";
                channel.close();
            }
            return;
        }
        pingSentNanos = now;
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
    }

    private void onClosed(final long attempt) {
        if (attempt != generation || state == State.STOPPED) {
            return;
        }
        channel = null;
        retryLater(closeReason);
    }

    private void retryLater(final String reason) {
        cancelTimers();
        if (channel != null) {
            channel.close();
            channel = null;
        }
        generation++;
        state = State.WAITING;
        final long delay = backoff.nextDelayMs();
        pendingTask = loop.schedule(() -> {
            if (state == State.WAITING) {
                authorize();
            }
        }, delay, TimeUnit.MILLISECONDS);
        listener.onDisconnected(config.feedName(), reason, delay);
    }

    private void cancelTimers() {
        if (livenessTask != null) {
            livenessTask.cancel(false);
            livenessTask = null;
        }
        if (pendingTask != null) {
            pendingTask.cancel(false);
            pendingTask = null;
        }
    }

    // ---- pipeline --------------------------------------------------------------------------------

    private final ReadStamp readStamp = new ReadStamp();

    /** First in the pipeline: stamps each raw socket read (latency metrics only, never logic time). */
    @ChannelHandler.Sharable
    private final class ReadStamp extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            readNanos = System.nanoTime();
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * After the upgrade, {@link WebSocketFrameReader} hands data frames here, straight from the socket's
     * buffer: any frame is life.
     */
    private final class DataFrames implements WebSocketFrameReader.Sink {
        private final long attempt;

        DataFrames(final long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onData(final boolean text, final ByteBuf buffer, final int index, final int length) {
            if (attempt != generation) {
                return;
            }
            pingSentNanos = 0;
            if (text) {
                frames.onTextFrame(buffer, index, length);
            } else {
                frames.onBinaryFrame(buffer, index, length);
            }
        }

        @Override
        public void onProtocolError(final String reason) {
            if (attempt == generation) {
                closeReason = "WebSocket protocol error: " + reason;
            }
        }
    }

    /** Sits before the protocol handler, so it sees the server's control frames (ping, pong, close) too: any frame is life. */
    private final class LivenessTap extends ChannelInboundHandlerAdapter {
        private final long attempt;

        LivenessTap(final long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            if (msg instanceof WebSocketFrame && attempt == generation) {
                pingSentNanos = 0;
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** The end of the pipeline: the handshake's outcome, errors, and the pongs the protocol handler passes on. */
    private final class FrameDispatcher extends ChannelInboundHandlerAdapter {
        private final long attempt;

        FrameDispatcher(final long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                onOpen(attempt);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                closeReason = "WebSocket handshake timed out";
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            ReferenceCountUtil.release(msg); // pongs: already counted as life by the tap
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            if (attempt == generation) {
                closeReason = "connection error: " + cause.getClass().getSimpleName() + safeMessage(cause);
            }
            ctx.close();
        }
    }

    /** Netty's handshake and codec messages name statuses and sizes, never our headers; the URI's code is not in them. */
    private static String safeMessage(final Throwable cause) {
        final String message = cause.getMessage();
        return message == null || message.contains("code=") ? "" : " (" + message + ")";
    }
}

package io.kavach.order.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fixed set of kept-alive HTTP/1.1 connections to one host, opened (and TLS-handshaken) at start so
 * the first order does not pay for a handshake, and re-opened with backoff when the server closes
 * one. One exchange per connection at a time (no pipelining), so a response always belongs to the
 * request in flight on its connection. Requests are pre-encoded {@link ByteBuf}s written as they are;
 * the pipeline only decodes responses.
 *
 * <p>Request timeouts are checked by {@link #poll(long)}: a timed-out connection is closed (a late
 * answer could otherwise be read as the next request's) and the exchange reported as failed.
 *
 * <p>Threading: owned by the event loop it was given; every method must run on it.
 *
 * @param <C> the caller's record of an exchange
 */
public final class HttpConnectionPool<C> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionPool.class);
    private static final int CONNECTING = 1;
    private static final int IDLE = 2;
    private static final int BUSY = 3;
    private static final int CLOSED = 4;

    private final HttpEndpoint endpoint;
    private final EventLoop eventLoop;
    private final EpochClock clock;
    private final HttpExchangeHandler<C> handler;
    private final SslContext sslContext;
    /** Channels must match the loop's transport: NIO by default, epoll when the engine runs an epoll loop. */
    private final Class<? extends SocketChannel> channelClass;
    private final Connection[] connections;
    private final long connectTimeoutMs;
    private final long requestTimeoutMs;
    private final long reconnectDelayMs;
    private final long reconnectDelayMaxMs;
    private final int maxResponseBytes;
    private WireObserver wireObserver;
    private boolean closed;
    private long requestsWritten;
    private long timeouts;
    private long responsesReceived;

    public HttpConnectionPool(final HttpEndpoint endpoint, final int size, final EventLoop eventLoop, final EpochClock clock,
                              final HttpExchangeHandler<C> handler, final long connectTimeoutMs, final long requestTimeoutMs,
                              final long reconnectDelayMs, final long reconnectDelayMaxMs, final int maxResponseBytes,
                              final TrustManagerFactory trustManagerFactory) {
        this.endpoint = endpoint;
        this.eventLoop = eventLoop;
        this.clock = clock;
        this.handler = handler;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.reconnectDelayMs = reconnectDelayMs;
        this.reconnectDelayMaxMs = reconnectDelayMaxMs;
        this.maxResponseBytes = maxResponseBytes;
        this.sslContext = endpoint.tls() ? clientSslContext(trustManagerFactory) : null;
        this.channelClass = eventLoop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
        connections = newConnections(size);
        for (int i = 0; i < size; i++) {
            connections[i] = new Connection();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Connection[] newConnections(final int size) {
        return new HttpConnectionPool.Connection[size];
    }

    private static SslContext clientSslContext(final TrustManagerFactory trustManagerFactory) {
        try {
            final SslContextBuilder builder = SslContextBuilder.forClient();
            if (trustManagerFactory != null) {
                builder.trustManager(trustManagerFactory);
            }
            return builder.build();
        } catch (final SSLException e) {
            throw new IllegalStateException("cannot create the TLS client context", e);
        }
    }

    public void wireObserver(final WireObserver observer) {
        this.wireObserver = observer;
    }

    /** Opens every connection now (pre-warm). */
    public void start() {
        final long now = clock.time();
        for (final Connection c : connections) {
            c.connect(now);
        }
    }

    /** A connection ready for a request, or null when all are busy, connecting or down. */
    public Connection idle() {
        for (final Connection c : connections) {
            if (c.state == IDLE) {
                return c;
            }
        }
        return null;
    }

    public boolean hasIdle() {
        return idle() != null;
    }

    /** Writes a pre-encoded request on an idle connection; the pool owns {@code request} from here. */
    public void send(final Connection connection, final ByteBuf request, final C call, final long requestId, final long nowEpochMs) {
        if (connection.state != IDLE) {
            request.release();
            throw new IllegalStateException("connection not idle");
        }
        connection.state = BUSY;
        connection.call = call;
        connection.deadlineEpochMs = nowEpochMs + requestTimeoutMs;
        requestsWritten++;
        final WireObserver observer = wireObserver;
        if (observer == null) {
            connection.channel.writeAndFlush(request, connection.channel.voidPromise());
        } else {
            observer.onWriting(requestId, System.nanoTime());
            connection.channel.writeAndFlush(request).addListener(f -> observer.onWritten(requestId, System.nanoTime()));
        }
    }

    public ByteBuf allocate(final Connection connection) {
        return connection.channel.alloc().ioBuffer(512);
    }

    /** Times out overdue exchanges and re-opens closed connections whose backoff has passed. */
    public void poll(final long nowEpochMs) {
        for (final Connection c : connections) {
            if (c.state == BUSY && nowEpochMs >= c.deadlineEpochMs) {
                timeouts++;
                final C call = c.call;
                c.call = null;
                c.state = CLOSED;
                c.nextConnectEpochMs = nowEpochMs;
                c.channel.close();
                handler.onExchangeFailed(call, HttpExchangeHandler.FAILURE_TIMEOUT);
            } else if (c.state == CLOSED && !closed && nowEpochMs >= c.nextConnectEpochMs) {
                c.connect(nowEpochMs);
            }
        }
    }

    /** Earliest time {@link #poll} has something to do (a deadline or a reconnect), Long.MAX_VALUE if none. */
    public long nextDeadlineEpochMs() {
        long next = Long.MAX_VALUE;
        for (final Connection c : connections) {
            if (c.state == BUSY) {
                next = Math.min(next, c.deadlineEpochMs);
            } else if (c.state == CLOSED && !closed) {
                next = Math.min(next, c.nextConnectEpochMs);
            }
        }
        return next;
    }

    public int busyCount() {
        int n = 0;
        for (final Connection c : connections) {
            n += c.state == BUSY ? 1 : 0;
        }
        return n;
    }

    public int connectingCount() {
        int n = 0;
        for (final Connection c : connections) {
            n += c.state == CONNECTING ? 1 : 0;
        }
        return n;
    }

    public long requestsWritten() {
        return requestsWritten;
    }

    public long timeouts() {
        return timeouts;
    }

    public long responsesReceived() {
        return responsesReceived;
    }

    public void close() {
        closed = true;
        for (final Connection c : connections) {
            if (c.channel != null) {
                c.channel.close();
            }
        }
    }

    /** One kept-alive connection; its state changes only on the event loop. */
    public final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Channel channel;
        private int state = CLOSED;
        private C call;
        private long deadlineEpochMs;
        private long nextConnectEpochMs;
        private long failedConnects;

        Connection() {
            super(true);
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        private void connect(final long nowEpochMs) {
            state = CONNECTING;
            final Bootstrap b = new Bootstrap()
                    .group(eventLoop)
                    .channel(channelClass)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMs)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(final SocketChannel ch) {
                            final ChannelPipeline p = ch.pipeline();
                            if (sslContext != null) {
                                final SslHandler ssl = sslContext.newHandler(ch.alloc(), endpoint.host(), endpoint.port());
                                final SSLParameters params = ssl.engine().getSSLParameters();
                                params.setEndpointIdentificationAlgorithm("HTTPS");
                                ssl.engine().setSSLParameters(params);
                                p.addLast(ssl);
                            }
                            p.addLast(new HttpResponseDecoder());
                            p.addLast(new HttpObjectAggregator(maxResponseBytes));
                            p.addLast(Connection.this);
                        }
                    });
            final ChannelFuture f = b.connect(endpoint.host(), endpoint.port());
            channel = f.channel();
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    onConnectFailed(done.cause());
                } else if (sslContext == null) {
                    onReady();
                } else {
                    channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(hs -> {
                        if (hs.isSuccess()) {
                            onReady();
                        } else {
                            onConnectFailed(hs.cause());
                        }
                    });
                }
            });
        }

        private void onReady() {
            if (state != CONNECTING) {
                return;
            }
            failedConnects = 0;
            state = closed ? CLOSED : IDLE;
            if (state == IDLE) {
                handler.onConnectionAvailable();
            }
        }

        private void onConnectFailed(final Throwable cause) {
            if (state != CONNECTING) {
                return;
            }
            failedConnects++;
            state = CLOSED;
            final long delay = Math.min(reconnectDelayMaxMs, reconnectDelayMs << Math.min(10, failedConnects - 1));
            nextConnectEpochMs = clock.time() + delay;
            LOG.warn("connect to {} failed ({}), retry in {} ms", endpoint, cause == null ? "?" : cause.toString(), delay);
            channel.close();
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response) {
            if (state != BUSY) {
                LOG.warn("unexpected HTTP response from {} with no request in flight (status {}); closing", endpoint, response.status().code());
                ctx.close();
                return;
            }
            responsesReceived++;
            final C done = call;
            call = null;
            final boolean keepAlive = HttpUtil.isKeepAlive(response) && response.decoderResult().isSuccess();
            if (keepAlive) {
                state = IDLE;
            } else {
                state = CLOSED;
                nextConnectEpochMs = clock.time();
                ctx.close();
            }
            handler.onResponse(done, response.decoderResult().isSuccess() ? response.status().code() : 0, response.content());
            if (keepAlive && state == IDLE) {
                handler.onConnectionAvailable();
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) {
            if (ctx.channel() != channel) {
                return;
            }
            final C lost = call;
            call = null;
            if (state != CLOSED) {
                state = CLOSED;
                nextConnectEpochMs = clock.time() + reconnectDelayMs;
            }
            if (lost != null) {
                handler.onExchangeFailed(lost, HttpExchangeHandler.FAILURE_CONNECTION_LOST);
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            LOG.warn("connection to {} failed: {}", endpoint, cause.toString());
            ctx.close();
        }
    }
}

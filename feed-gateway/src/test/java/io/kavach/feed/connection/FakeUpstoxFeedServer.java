package io.kavach.feed.connection;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Upstox-like feed server on 127.0.0.1 for gateway tests: authorize endpoints (Bearer token
 * checked, single-use codes) and a WebSocket that answers pings only when told to, records what the
 * client sends, and pushes whatever frames a test gives it. Not the simulator (tools/upstox-sim).
 */
public final class FakeUpstoxFeedServer implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Set<String> codes = ConcurrentHashMap.newKeySet();
    public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    public final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
    public final List<String> authorizeUris = new CopyOnWriteArrayList<>();
    public final AtomicInteger authorizeCalls = new AtomicInteger();
    public final AtomicInteger handshakes = new AtomicInteger();
    public final AtomicInteger pingsSeen = new AtomicInteger();
    public volatile String validToken;
    public volatile boolean answerPings = true;
    public volatile boolean refuseWebSocket;
    /** Sent to each new WebSocket right after the handshake (Upstox sends market_info first). */
    public volatile byte[] greeting;
    private final Channel server;
    private final int port;

    private final boolean tls;

    public FakeUpstoxFeedServer(final String validToken) throws InterruptedException {
        this(validToken, null);
    }

    /** @param tls server TLS context (https and wss), or null for plain http and ws */
    public FakeUpstoxFeedServer(final String validToken, final SslContext tls) throws InterruptedException {
        this.validToken = validToken;
        this.tls = tls != null;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(final Channel ch) {
                    if (tls != null) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new HttpHandler());
                }
            }).bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public int openSockets() {
        return sockets.size();
    }

    /** Pushes a binary frame to every open WebSocket. */
    public void broadcast(final byte[] frame) {
        sockets.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    public void broadcastText(final String text) {
        sockets.writeAndFlush(new TextWebSocketFrame(text));
    }

    /** Closes every WebSocket at once, like a server restart. */
    public void dropAll() {
        sockets.close().awaitUninterruptibly();
    }

    @Override
    public void close() {
        sockets.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
            final QueryStringDecoder query = new QueryStringDecoder(request.uri());
            if (query.path().endsWith("/authorize")) {
                authorize(ctx, request);
            } else if (query.path().equals("/feed")) {
                final List<String> code = query.parameters().get("code");
                if (refuseWebSocket || code == null || !codes.remove(code.get(0))) {
                    respond(ctx, HttpResponseStatus.FORBIDDEN, "{\"status\":\"error\"}");
                    return;
                }
                final WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    (tls ? "wss" : "ws") + "://127.0.0.1:" + port + "/feed", null, false, 1 << 20).newHandshaker(request);
                handshaker.handshake(ctx.channel(), request).addListener(done -> {
                    if (done.isSuccess()) {
                        handshakes.incrementAndGet();
                        ctx.pipeline().replace(this, "ws", new WebSocketHandler());
                        sockets.add(ctx.channel());
                        final byte[] first = greeting;
                        if (first != null) {
                            ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(first)));
                        }
                    }
                });
            } else {
                respond(ctx, HttpResponseStatus.NOT_FOUND, "{}");
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close(); // e.g. a client refusing our certificate: expected in TLS tests
        }

        private void authorize(final ChannelHandlerContext ctx, final FullHttpRequest request) {
            authorizeCalls.incrementAndGet();
            authorizeUris.add(request.uri());
            final String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            authorizationHeaders.add(String.valueOf(header));
            if (header == null || !header.equals("Bearer " + validToken)) {
                respond(ctx, HttpResponseStatus.UNAUTHORIZED, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100050\","
                    + "\"message\":\"Invalid token used to access API\",\"property_path\":null,\"invalid_value\":null}]}");
                return;
            }
            final String code = UUID.randomUUID().toString();
            codes.add(code);
            respond(ctx, HttpResponseStatus.OK, "{\"status\":\"success\",\"data\":{\"authorized_redirect_uri\":\"" + (tls ? "wss" : "ws")
                + "://127.0.0.1:" + port
                + "/feed?requestId=" + UUID.randomUUID() + "&code=" + code + "\"}}");
        }

        private void respond(final ChannelHandlerContext ctx, final HttpResponseStatus status, final String body) {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }

    private final class WebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame) {
            if (frame instanceof PingWebSocketFrame) {
                pingsSeen.incrementAndGet();
                if (answerPings) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                }
            } else if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) {
                received.add((frame instanceof TextWebSocketFrame ? "TEXT:" : "") + frame.content().toString(StandardCharsets.UTF_8));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.close();
            }
        }
    }
}

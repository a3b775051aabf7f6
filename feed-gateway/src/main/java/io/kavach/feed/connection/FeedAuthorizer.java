package io.kavach.feed.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET <authorize> } with {@code Authorization: Bearer <token>} → the single-use
 * {@code authorized_redirect_uri} of the envelope {@code {"status":"success","data":{...}}}.
 * HTTP 401 or error code UDAPI100050 means the token is refused. Non-blocking, on the caller's
 * event loop; the token is never logged or put in a message.
 *
 * <p>Threading: call on the event loop that owns the connection; callbacks run there too.
 */
final class FeedAuthorizer {
    static final String TOKEN_INVALID_CODE = "UDAPI100050";
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    interface Callback {
        void onAuthorized(URI feedUri);

        void onTokenRefused();

        /** Any other failure; {@code reason} is safe to log. */
        void onFailed(String reason);
    }

    private FeedAuthorizer() {
    }

    static void authorize(final EventLoop loop, final FeedConnectionConfig config, final SslContext ssl, final String token,
                          final Callback callback) {
        final URI uri = config.authorizeUri();
        final boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        final int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        final String host = uri.getHost();
        final Bootstrap bootstrap = new Bootstrap().group(loop).channel(LoopChannels.socketChannelFor(loop))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeoutMs())
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(final Channel ch) {
                    if (tls) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                    }
                    ch.pipeline().addLast(new ReadTimeoutHandler(config.connectTimeoutMs(), TimeUnit.MILLISECONDS),
                        new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES), new ResponseHandler(callback));
                }
            });
        bootstrap.connect(host, port).addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                callback.onFailed("authorize: cannot connect to " + host + ":" + port + ": " + connected.cause().getClass().getSimpleName()
                    + " " + connected.cause().getMessage());
                return;
            }
            final String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
            request.headers().set(HttpHeaderNames.HOST, host + ":" + port)
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            connected.channel().writeAndFlush(request);
        });
    }

    /** One response per channel; answers the callback exactly once, then closes. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Callback callback;
        private boolean answered;

        ResponseHandler(final Callback callback) {
            this.callback = callback;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response) {
            answered = true;
            ctx.close();
            final int status = response.status().code();
            final String body = response.content().toString(StandardCharsets.UTF_8);
            if (status == 401 || body.contains(TOKEN_INVALID_CODE)) {
                callback.onTokenRefused();
                return;
            }
            if (status != 200) {
                callback.onFailed("authorize: HTTP " + status + " " + errorCode(body));
                return;
            }
            try {
                final JsonNode uri = JSON.readTree(body).path("data").path("authorized_redirect_uri");
                if (!uri.isTextual()) {
                    callback.onFailed("authorize: answer has no data.authorized_redirect_uri");
                    return;
                }
                callback.onAuthorized(URI.create(uri.asText()));
            } catch (final Exception e) {
                callback.onFailed("authorize: unreadable answer (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
            if (!answered) {
                answered = true;
                callback.onFailed("authorize: " + cause.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) {
            if (!answered) {
                answered = true;
                callback.onFailed("authorize: connection closed before an answer");
            }
        }

        private static String errorCode(final String body) {
            try {
                final JsonNode errors = JSON.readTree(body).path("errors");
                return errors.isArray() && errors.size() > 0 ? errors.get(0).path("error_code").asText("") : "";
            } catch (final Exception e) {
                return "";
            }
        }
    }
}

package io.kavach.benchmarks.order;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Upstox-shaped order endpoint on loopback for benchmarks: every request gets
 * {@code {"status":"success","data":{"order_ids":["<n>"]}}}; reads get an empty success. Runs on its
 * own event loop so its time is not the client's; {@link #main} runs it as a separate process (it
 * prints {@code port N} and exits when its standard input closes, i.e. when the benchmark that
 * started it ends). {@code busy} makes its loop poll without ever blocking (epoll busy-wait), which
 * takes the receiver's wake-up out of the client's loopback {@code write(2)} — a diagnosis, not a
 * model of a broker.
 */
final class LoopbackOrderServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private long nextId = 1;

    LoopbackOrderServer() throws InterruptedException {
        this(false);
    }

    LoopbackOrderServer(final boolean busy) throws InterruptedException {
        final DefaultThreadFactory threads = new DefaultThreadFactory("bench-order-server", true);
        group = busy ? new EpollEventLoopGroup(1, threads, () -> (selectNow, hasTasks) -> SelectStrategy.BUSY_WAIT)
            : new NioEventLoopGroup(1, threads);
        channel = new ServerBootstrap().group(group).channel(busy ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest req) {
                                        final String body = req.uri().startsWith("/v3/order/place")
                                                ? "{\"status\":\"success\",\"data\":{\"order_ids\":[\"" + nextId++ + "\"]}}"
                                                : "{\"status\":\"success\",\"data\":[]}";
                                        final ByteBuf content = ctx.alloc().buffer().writeBytes(body.getBytes(StandardCharsets.US_ASCII));
                                        final DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
                                        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                                        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
                                        ctx.writeAndFlush(r);
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@code [busy]}: serves until standard input closes. */
    public static void main(final String[] args) throws InterruptedException, IOException {
        try (LoopbackOrderServer server = new LoopbackOrderServer(args.length > 0 && args[0].equals("busy"))) {
            System.out.println("port " + server.port());
            System.out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            while (in.readLine() != null) {
                // nothing is sent; EOF means the benchmark is gone
            }
        }
    }
}

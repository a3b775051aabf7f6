package io.kavach.benchmarks.order;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Upstox-shaped order endpoint on loopback for benchmarks: every request gets
 * {@code {"status":"success","data":{"order_ids":["<n>"]}}}; reads get an empty success. Runs on its
 * own event loop so its time is not the client's.
 */
final class LoopbackOrderServer implements AutoCloseable {
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel channel;
    private long nextId = 1;

    LoopbackOrderServer() throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
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

    String baseUri() {
        return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package io.kavach.sim.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * One listening socket (the API host or the order host) on loopback, plain or TLS. Every accepted
 * connection is registered on the single simulator loop, so all simulator state has one owner.
 *
 * <p>Started and closed by the thread that owns the simulator.
 */
public final class SimServer {
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final Channel serverChannel;

    public SimServer(final EventLoopGroup acceptGroup, final EventLoopGroup loopGroup, final String host, final int port,
                     final SslContext ssl, final Supplier<HttpRouteHandler> routes) throws InterruptedException {
        final ServerBootstrap b = new ServerBootstrap()
            .group(acceptGroup, loopGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    if (ssl != null) {
                        ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast("http", new HttpServerCodec());
                    ch.pipeline().addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
                    ch.pipeline().addLast("routes", routes.get());
                }
            });
        serverChannel = b.bind(host, port).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}

package io.kavach.sim.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * One listening socket (the API host or the order host) on loopback, plain or TLS. Every accepted
 * connection is registered on the single simulator loop, so all simulator state has one owner. It
 * can go offline (unbind and reset every connection) and come back on the same port.
 *
 * <p>Started, taken offline and closed by the thread that owns the simulator (any test thread).
 */
public final class SimServer {
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final ServerBootstrap bootstrap;
    private final String host;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final int port;
    private Channel serverChannel;

    public SimServer(final EventLoopGroup acceptGroup, final EventLoopGroup loopGroup, final String host, final int port,
                     final SslContext ssl, final Supplier<HttpRouteHandler> routes) throws InterruptedException {
        this.host = host;
        bootstrap = new ServerBootstrap()
            .group(acceptGroup, loopGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    connections.add(ch);
                    if (ssl != null) {
                        ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast("http", new HttpServerCodec());
                    ch.pipeline().addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
                    ch.pipeline().addLast("routes", routes.get());
                }
            });
        serverChannel = bootstrap.bind(host, port).sync().channel();
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int port() {
        return port;
    }

    public synchronized boolean online() {
        return serverChannel != null;
    }

    /** Stops accepting and resets every open connection (HTTP and WebSocket) with a TCP RST. */
    public synchronized void goOffline() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        serverChannel = null;
        for (Channel c : connections) {
            resetOnClose(c);
        }
        connections.close().syncUninterruptibly();
    }

    /** Listens again on the same port. */
    public synchronized void comeBackOnline() {
        if (serverChannel != null) {
            return;
        }
        serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
    }

    /** Makes the coming close an abortive one (RST); a channel the peer already closed needs nothing. */
    public static void resetOnClose(final Channel c) {
        try {
            if (c.isActive()) {
                c.config().setOption(ChannelOption.SO_LINGER, 0);
            }
        } catch (ChannelException closedMeanwhile) {
            // the peer closed the socket between the check and the call: nothing left to reset
        }
    }

    /** Shuts down: stops accepting and closes every connection normally. */
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        connections.close().syncUninterruptibly();
    }
}

package io.kavach.feed.connection;

import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket channel class matching an event loop's transport: a channel registers only with a loop of
 * its own kind, and the engine's writer loop is epoll where available, NIO elsewhere. Any thread.
 */
final class LoopChannels {
    private LoopChannels() {
    }

    static Class<? extends SocketChannel> socketChannelFor(final EventLoop loop) {
        return loop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}

package io.kavach.engine.live;

import io.kavach.order.admin.FailedOrdersCommand;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The running engine's admin port: loopback only, one request line per connection, answered with
 * {@code exit N} and the text, then closed. Requests: {@code orders --failed}, {@code orders retry ID},
 * {@code orders drop ID} (order-gateway's {@link FailedOrdersCommand} against the live router) and
 * {@code status} (feed events, decoder and outbox counters, journal progress).
 *
 * <p>Threading: the server's channels live on the writer loop, so every request runs there, where
 * the router and the counters it reads belong. Nothing secret is ever in an answer.
 */
public final class AdminServer implements AutoCloseable {
    public static final int REQUEST_BYTES_MAX = 256;
    public static final String LOOPBACK = "127.0.0.1";
    private static final long CLOSE_WAIT_MS = 2_000;

    private final LiveEngine engine;
    private final Channel server;

    private AdminServer(final LiveEngine engine, final int port) {
        this.engine = engine;
        this.server = new ServerBootstrap().group(engine.writer().group()).channel(engine.writer().serverChannelClass())
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    ch.pipeline().addLast(new LineBasedFrameDecoder(REQUEST_BYTES_MAX), new RequestHandler());
                }
            })
            .bind(new InetSocketAddress(LOOPBACK, port)).syncUninterruptibly().channel();
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port; see {@link #port()}). */
    public static AdminServer start(final LiveEngine engine, final int port) {
        return new AdminServer(engine, port);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server.isOpen()) {
            server.close().awaitUninterruptibly(CLOSE_WAIT_MS);
        }
    }

    /** Answers one request; an unknown one gets the usage and exit 2. Writer loop. */
    String answer(final String request) {
        final String[] words = request.strip().split("\\s+");
        if (words.length >= 1 && words[0].equals("orders")) {
            final String[] args = new String[words.length - 1];
            System.arraycopy(words, 1, args, 0, args.length);
            final FailedOrdersCommand.Result r = FailedOrdersCommand.execute(engine.router(), args);
            return "exit " + r.exitCode + "\n" + r.text;
        }
        if (words.length == 1 && words[0].equals("status")) {
            final StringBuilder sb = new StringBuilder("exit 0\n");
            sb.append("settings: ").append(engine.settings()).append('\n');
            sb.append("market frames: ").append(engine.decoder().framesDecoded()).append(" decoded, ")
                .append(engine.decoder().framesRejected()).append(" rejected\n");
            final IntentQueue q = engine.intents();
            sb.append("intents: ").append(q.sent()).append(" sent, ").append(q.suppressed()).append(" suppressed, ")
                .append(q.pending()).append(" waiting, ").append(q.overflows()).append(" overflows\n");
            sb.append("order events: ").append(engine.orderEvents().acks()).append(" acks, ")
                .append(engine.orderEvents().updates()).append(" updates\n");
            sb.append("inputs: next sequence ").append(engine.ring().publisher().nextInputSequence())
                .append(", stage errors ").append(engine.ring().stageErrors()).append('\n');
            sb.append("failed orders: ").append(engine.router().failedOrders().size()).append('\n');
            for (String e : engine.feedEvents()) {
                sb.append("feed: ").append(e).append('\n');
            }
            return sb.toString();
        }
        return "exit 2\nusage: status | orders --failed | orders retry ID | orders drop ID\n";
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final ByteBuf line) {
            final String answer = answer(line.toString(StandardCharsets.UTF_8));
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(answer.getBytes(StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            // an over-long line or a vanished client: say what was wrong (if anyone listens) and carry on
            final String answer = "exit 2\nrequest refused: " + (cause instanceof io.netty.handler.codec.TooLongFrameException
                ? "longer than " + REQUEST_BYTES_MAX + " bytes" : cause.getClass().getSimpleName()) + "\n";
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(answer.getBytes(StandardCharsets.UTF_8))).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

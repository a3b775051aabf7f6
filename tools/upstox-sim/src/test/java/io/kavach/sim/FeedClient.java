package io.kavach.sim;

import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK WebSocket client for either feed: collects whole binary messages (market feed) and text
 * messages (portfolio feed), counts pings and pongs, and notes a close or an error. Test-thread API;
 * the listener runs on the HttpClient's threads.
 */
final class FeedClient implements WebSocket.Listener, AutoCloseable {
    final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
    final BlockingQueue<String> text = new LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger pongs = new AtomicInteger();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    WebSocket socket;

    static FeedClient connect(final HttpClient http, final String uri) throws Exception {
        final FeedClient c = new FeedClient();
        c.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(uri), c).get(5, TimeUnit.SECONDS);
        return c;
    }

    void sendJson(final String json) {
        socket.sendBinary(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), true).join();
    }

    void sub(final String mode, final String... keys) {
        sendJson("{\"guid\":\"g1\",\"method\":\"sub\",\"data\":{\"mode\":\"" + mode + "\",\"instrumentKeys\":" + keysJson(keys) + "}}");
    }

    void changeMode(final String mode, final String... keys) {
        sendJson("{\"guid\":\"g2\",\"method\":\"change_mode\",\"data\":{\"mode\":\"" + mode + "\",\"instrumentKeys\":" + keysJson(keys) + "}}");
    }

    void unsub(final String... keys) {
        sendJson("{\"guid\":\"g3\",\"method\":\"unsub\",\"data\":{\"instrumentKeys\":" + keysJson(keys) + "}}");
    }

    private static String keysJson(final String... keys) {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < keys.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(keys[i]).append('"');
        }
        return sb.append(']').toString();
    }

    /** The next market-feed frame, decoded with the generated V3 classes; fails after 5 s. */
    FeedResponse nextFrame() throws Exception {
        final byte[] bytes = binary.poll(5, TimeUnit.SECONDS);
        if (bytes == null) {
            throw new AssertionError("no market feed frame within 5 s");
        }
        return FeedResponse.parseFrom(bytes);
    }

    String nextText() throws Exception {
        final String s = text.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no portfolio feed message within 5 s");
        }
        return s;
    }

    @Override
    public CompletionStage<?> onBinary(final WebSocket ws, final ByteBuffer data, final boolean last) {
        final byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            binary.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last) {
        partialText.append(data);
        if (last) {
            text.add(partialText.toString());
            partialText.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(final WebSocket ws, final ByteBuffer message) {
        pings.incrementAndGet();
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(final WebSocket ws, final ByteBuffer message) {
        pongs.incrementAndGet();
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket ws, final int statusCode, final String reason) {
        closed.complete("close " + statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket ws, final Throwable error) {
        closed.complete("error " + error);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}

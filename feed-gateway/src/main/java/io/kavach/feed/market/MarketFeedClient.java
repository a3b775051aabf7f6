package io.kavach.feed.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.feed.connection.FeedConnection;
import io.kavach.feed.connection.FeedConnectionConfig;
import io.kavach.feed.connection.FeedConnectionListener;
import io.kavach.feed.connection.FeedFrameHandler;
import io.kavach.feed.connection.TokenSource;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Upstox Market Data Feed V3 client: one self-healing {@link FeedConnection} whose binary frames
 * go straight from the socket's buffer into the {@link MarketFeedDecoder} (no copy, no frame object), and which owns the subscriptions: {@code sub}, {@code change_mode} and {@code unsub}
 * requests as binary JSON frames with a unique guid, sent at once when open and all re-sent, grouped
 * by mode, on every (re)connect.
 *
 * <p>Threading: everything runs on the given event loop (the engine's single event loop, so the
 * decoder's handler is the ring's single producer); the public methods may be called from any thread.
 */
public final class MarketFeedClient implements FeedFrameHandler {
    public static final String MODE_LTPC = "ltpc";
    public static final String MODE_OPTION_GREEKS = "option_greeks";
    public static final String MODE_FULL = "full";
    public static final String MODE_FULL_D30 = "full_d30";
    /** Instrument keys per subscription request. */
    public static final int KEYS_PER_REQUEST_DEFAULT = 500;
    private static final long BAD_FRAME_REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final FeedConnection connection;
    private final MarketFeedDecoder decoder;
    private final FeedConnectionListener listener;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> modeByKey = new LinkedHashMap<>();
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final String guidPrefix;
    private byte[] copyScratch = new byte[64 * 1024];
    private long requests;
    private long unexpectedTextFrames;
    private long lastBadFrameReportNanos;

    public MarketFeedClient(final EventLoop loop, final FeedConnectionConfig config, final TokenSource tokens, final MarketFeedDecoder decoder,
                            final FeedConnectionListener listener, final Random random) {
        this.loop = loop;
        this.decoder = decoder;
        this.listener = listener;
        this.guidPrefix = "kv" + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-";
        this.connection = new FeedConnection(loop, config, tokens, this, listener, random);
    }

    public void start() {
        connection.start();
    }

    public void stop() {
        connection.stop();
    }

    /** The connection, for its counters and {@link FeedConnection#resume()}. */
    public FeedConnection connection() {
        return connection;
    }

    /**
     * Subscribes keys in a mode ({@code MODE_*}); keys already subscribed in another mode change mode.
     * Remembered across reconnects.
     */
    public void subscribe(final Collection<String> keys, final String mode) {
        final List<String> copy = List.copyOf(keys);
        loop.execute(() -> {
            final List<String> added = new ArrayList<>();
            final List<String> changed = new ArrayList<>();
            for (final String key : copy) {
                final String previous = modeByKey.put(key, mode);
                if (previous == null) {
                    added.add(key);
                } else if (!previous.equals(mode)) {
                    changed.add(key);
                }
            }
            send("sub", mode, added);
            send("change_mode", mode, changed);
        });
    }

    /** Stops the keys' updates, without a reconnect. */
    public void unsubscribe(final Collection<String> keys) {
        final List<String> copy = List.copyOf(keys);
        loop.execute(() -> {
            final List<String> removed = new ArrayList<>();
            for (final String key : copy) {
                if (modeByKey.remove(key) != null) {
                    removed.add(key);
                }
            }
            send("unsub", null, removed);
        });
    }

    /** Number of instruments subscribed (call on the event loop). */
    public int subscriptions() {
        return modeByKey.size();
    }

    public long requestsSent() {
        return requests;
    }

    public long unexpectedTextFrames() {
        return unexpectedTextFrames;
    }

    @Override
    public void onOpen(final FeedConnection open) {
        final Map<String, List<String>> byMode = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : modeByKey.entrySet()) {
            byMode.computeIfAbsent(e.getValue(), m -> new ArrayList<>()).add(e.getKey());
        }
        for (final Map.Entry<String, List<String>> e : byMode.entrySet()) {
            send("sub", e.getKey(), e.getValue());
        }
    }

    @Override
    public void onBinaryFrame(final ByteBuf buffer, final int index, final int length) {
        if (buffer.hasMemoryAddress()) {
            frame.wrap(buffer.memoryAddress() + index, length);
        } else if (buffer.hasArray()) {
            frame.wrap(buffer.array(), buffer.arrayOffset() + index, length);
        } else { // neither direct with an address nor heap (a composite): copied into a reused array
            if (copyScratch.length < length) {
                copyScratch = new byte[Math.max(length, copyScratch.length * 2)];
            }
            buffer.getBytes(index, copyScratch, 0, length);
            frame.wrap(copyScratch, 0, length);
        }
        final long receivedNanos = connection.readNanos(); // the socket read's time, for latency metrics only
        if (decoder.decode(frame, 0, length, receivedNanos) != MarketFeedError.OK
            && receivedNanos - lastBadFrameReportNanos >= BAD_FRAME_REPORT_INTERVAL_NS) {
            lastBadFrameReportNanos = receivedNanos;
            listener.onBadFrame(connection.feedName(), decoder.describeLastError() + " (" + decoder.framesRejected() + " rejected so far)");
        }
    }

    @Override
    public void onTextFrame(final ByteBuf buffer, final int index, final int length) {
        unexpectedTextFrames++; // V3 sends only binary protobuf; a text frame is not for us
    }

    private void send(final String method, final String mode, final List<String> keys) {
        if (keys.isEmpty() || !connection.isOpen()) {
            return; // remembered in modeByKey; onOpen sends everything
        }
        for (int from = 0; from < keys.size(); from += KEYS_PER_REQUEST_DEFAULT) {
            final ObjectNode request = json.createObjectNode();
            request.put("guid", guidPrefix + (++requests));
            request.put("method", method);
            final ObjectNode data = request.putObject("data");
            if (mode != null) {
                data.put("mode", mode);
            }
            final ArrayNode array = data.putArray("instrumentKeys");
            for (final String key : keys.subList(from, Math.min(keys.size(), from + KEYS_PER_REQUEST_DEFAULT))) {
                array.add(key);
            }
            try {
                connection.sendBinary(json.writeValueAsBytes(request));
            } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write a subscription request", e);
            }
        }
    }
}

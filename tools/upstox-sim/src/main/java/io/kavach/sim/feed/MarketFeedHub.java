package io.kavach.sim.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.fault.FeedConnections;
import io.kavach.sim.fault.Faults;
import io.kavach.sim.market.FeedFrameEncoder;
import io.kavach.sim.market.MarketStatusClock;
import io.kavach.sim.market.SimInstrument;
import io.kavach.sim.market.SimMarket;
import io.kavach.sim.market.SubscriptionMode;
import io.kavach.sim.record.ErrorLog;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The market feed V3 server side: every open connection, its subscriptions, and the frames it gets
 * — {@code market_info} first (and again whenever the segment status changes), an
 * {@code initial_feed} snapshot of the keys each {@code sub}/{@code change_mode} names, then one
 * {@code live_feed} frame per tick batch holding the subscribed keys that moved, each in the
 * connection's mode for it. Requests must be binary frames of UTF-8 JSON; anything else is counted
 * in {@link #problems()} and otherwise ignored, as is a key the market does not know.
 *
 * <p>Owned by the simulator's event loop; the query methods are safe from any thread.
 */
public final class MarketFeedHub implements SimMarket.MarketListener, FeedConnections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimMarket market;
    private final EventLoop loop;
    private final Faults faults;
    private final ErrorLog errors;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<SimInstrument, Feed[]> batchFeeds = new IdentityHashMap<>();
    private MarketStatus lastStatus;

    public MarketFeedHub(final SimMarket market, final EventLoop loop, final Faults faults, final ErrorLog errors) {
        this.errors = errors;
        this.market = market;
        this.loop = loop;
        this.faults = faults;
        this.lastStatus = MarketStatusClock.statusAt(market.marketTimeMs());
    }

    /** A new connection's handler (added to the pipeline by the upgrade). */
    public FeedSession newSession(final String userId) {
        return new Session(userId);
    }

    /** Open connections now. */
    public int connectionCount() {
        return sessions.size();
    }

    /** Open connections, for per-connection counters (pings, pongs, frames sent). */
    public List<FeedSession> connections() {
        return List.copyOf(sessions);
    }

    /** Each open connection's subscriptions, key → mode name (ltpc, option_greeks, full, full_d30). */
    public List<Map<String, String>> subscriptions() {
        try {
            return loop.submit(() -> {
                final List<Map<String, String>> out = new ArrayList<>();
                for (Session s : sessions) {
                    final Map<String, String> m = new LinkedHashMap<>();
                    s.subscriptions.forEach((k, v) -> m.put(k, v.wireName));
                    out.add(m);
                }
                return out;
            }).get();
        } catch (Exception e) {
            throw new IllegalStateException("simulator loop unavailable", e);
        }
    }

    /** Every request frame received (UTF-8 text of binary frames), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests that could not be served, each saying what was wrong. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** True when no live connection has a full outbound buffer (the driver waits otherwise). */
    public boolean allWritable() {
        for (Session s : sessions) {
            if (!s.writable()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onBatch(final long marketTimeMs, final List<SimInstrument> changed) {
        if (sessions.isEmpty()) {
            return;
        }
        batchFeeds.clear();
        for (Session s : sessions) {
            if (s.isHalfOpen() || s.channel == null) {
                continue;
            }
            FeedResponse.Builder frame = null;
            for (SimInstrument i : changed) {
                final SubscriptionMode mode = s.subscriptions.get(i.key);
                if (mode != null) {
                    if (frame == null) {
                        frame = FeedFrameEncoder.response(Type.live_feed, marketTimeMs);
                    }
                    frame.putFeeds(i.key, feed(i, mode));
                }
            }
            if (frame != null) {
                s.sendBinary(frame.build().toByteArray());
            }
        }
    }

    @Override
    public void onMarketTime(final long marketTimeMs) {
        final MarketStatus status = MarketStatusClock.statusAt(marketTimeMs);
        if (status != lastStatus) {
            lastStatus = status;
            final byte[] info = FeedFrameEncoder.marketInfo(marketTimeMs);
            for (Session s : sessions) {
                s.sendBinary(info);
            }
        }
    }

    @Override
    public void dropAll() {
        loop.execute(() -> sessions.forEach(FeedSession::drop));
    }

    @Override
    public void halfOpenAll() {
        loop.execute(() -> sessions.forEach(FeedSession::goHalfOpen));
    }

    private Feed feed(final SimInstrument i, final SubscriptionMode mode) {
        final Feed[] cached = batchFeeds.computeIfAbsent(i, k -> new Feed[SubscriptionMode.values().length]);
        Feed f = cached[mode.ordinal()];
        if (f == null) {
            f = FeedFrameEncoder.feed(i, mode);
            cached[mode.ordinal()] = f;
        }
        return f;
    }

    private final class Session extends FeedSession {
        final Map<String, SubscriptionMode> subscriptions = new LinkedHashMap<>();

        Session(final String userId) {
            super(userId, FeedKind.MARKET, faults, errors);
        }

        @Override
        public void opened(final io.netty.channel.Channel ch) {
            super.opened(ch);
            sessions.add(this);
            sendBinary(FeedFrameEncoder.marketInfo(market.marketTimeMs()));
        }

        @Override
        protected void closed() {
            sessions.remove(this);
        }

        @Override
        protected void onData(final WebSocketFrame frame) {
            final String text = frame.content().toString(StandardCharsets.UTF_8);
            requests.add(text);
            if (!(frame instanceof BinaryWebSocketFrame)) {
                problems.add("request sent as a " + frame.getClass().getSimpleName() + ", Upstox expects binary frames: " + text);
                return;
            }
            final JsonNode request;
            try {
                request = JSON.readTree(text);
            } catch (Exception e) {
                problems.add("request is not JSON (" + e.getMessage() + "): " + text);
                return;
            }
            final String method = request.path("method").asText("");
            final JsonNode data = request.path("data");
            final JsonNode keys = data.path("instrumentKeys");
            if (!keys.isArray()) {
                problems.add("request has no data.instrumentKeys array: " + text);
                return;
            }
            final String modeName = data.path("mode").asText("ltpc");
            final SubscriptionMode mode = SubscriptionMode.fromWire(modeName);
            switch (method) {
                case "sub" -> {
                    if (mode == null) {
                        problems.add("unknown mode '" + modeName + "' at data.mode: " + text);
                        return;
                    }
                    snapshot(keys, mode, false);
                }
                case "change_mode" -> {
                    if (mode == null || !data.has("mode")) {
                        problems.add("change_mode needs a valid data.mode: " + text);
                        return;
                    }
                    snapshot(keys, mode, true);
                }
                case "unsub" -> keys.forEach(k -> subscriptions.remove(k.asText()));
                default -> problems.add("unknown method '" + method + "' at method: " + text);
            }
        }

        private void snapshot(final JsonNode keys, final SubscriptionMode mode, final boolean onlySubscribed) {
            final FeedResponse.Builder frame = FeedFrameEncoder.response(Type.initial_feed, market.marketTimeMs());
            for (JsonNode k : keys) {
                final String key = k.asText();
                final SimInstrument i = market.instrument(key);
                if (i == null) {
                    problems.add("unknown instrument key '" + key + "' ignored");
                    continue;
                }
                if (onlySubscribed && !subscriptions.containsKey(key)) {
                    problems.add("change_mode for '" + key + "', which is not subscribed, ignored");
                    continue;
                }
                subscriptions.put(key, mode);
                frame.putFeeds(key, FeedFrameEncoder.feed(i, mode));
            }
            if (frame.getFeedsCount() > 0) {
                sendBinary(frame.build().toByteArray());
            }
        }
    }
}

package io.kavach.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.Prices;
import io.kavach.sim.auth.AuthorizeCodes;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.fault.HttpFault;
import io.kavach.sim.feed.FeedSession;
import io.kavach.sim.order.MatchingEngine;
import io.kavach.sim.order.ModifyRequest;
import io.kavach.sim.order.OrderRequest;
import io.kavach.sim.order.SimOrder;
import io.kavach.sim.record.RecordedRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Serves one HTTP connection: routes each request to its {@link Endpoint}, checks the bearer token,
 * applies scripted faults and rate limits, answers in Upstox's envelopes, records the request, and
 * upgrades the two feed paths to WebSockets when the single-use code is good.
 *
 * <p>Owned by the simulator's event loop (one instance per connection).
 */
public final class HttpRouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> UPDATE_TYPES = Set.of("order", "position", "holding", "gtt_order");
    private static final int MAX_WS_FRAME_BYTES = 1 << 20;

    private final SimBackend backend;
    private final boolean orderHost;

    public HttpRouteHandler(final SimBackend backend, final boolean orderHost) {
        this.backend = backend;
        this.orderHost = orderHost;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest req) {
        final long receivedNanos = System.nanoTime(); // wall clock: request log and rate limits are real time
        final long receivedEpochMs = System.currentTimeMillis();
        final QueryStringDecoder query = new QueryStringDecoder(req.uri());
        final Endpoint endpoint = Endpoint.match(req.method().name(), query.path(), orderHost);
        final String body = req.content().toString(StandardCharsets.UTF_8);
        final String userId = backend.tokens().userForHeader(req.headers().get(HttpHeaderNames.AUTHORIZATION),
            backend.market().marketTimeMs());
        final Recorder recorder = status -> backend.requestLog().add(new RecordedRequest(receivedEpochMs, receivedNanos,
            userId, req.method().name(), req.uri(), endpoint, orderHost, body, status,
            req.headers().get("X-Algo-Name")));

        if (endpoint == Endpoint.UNKNOWN) {
            answer(ctx, req, Reply.error(404, Reply.NOT_FOUND, "Resource not Found: " + req.method() + " " + query.path()
                + (orderHost ? " on the order host" : " on the API host")), recorder);
            return;
        }
        final HttpFault fault = backend.faults().nextHttpFault(endpoint);
        if (fault != null && !fault.afterProcessing()) {
            spoil(ctx, req, fault, recorder);
            return;
        }
        if (endpoint == Endpoint.MARKET_FEED_UPGRADE || endpoint == Endpoint.PORTFOLIO_FEED_UPGRADE) {
            upgrade(ctx, req, query, endpoint == Endpoint.MARKET_FEED_UPGRADE ? FeedKind.MARKET : FeedKind.PORTFOLIO,
                fault, recorder);
            return;
        }
        if (userId == null) {
            answer(ctx, req, Reply.invalidToken(), recorder);
            return;
        }
        if (backend.enforceRateLimits() && !backend.rateLimiter().admit(userId, endpoint.orderCall, receivedNanos)) {
            answer(ctx, req, Reply.tooManyRequests(), recorder);
            return;
        }
        final Reply reply = serve(endpoint, query, body, userId);
        if (fault == null) {
            answer(ctx, req, reply, recorder);
        } else if (fault.kind() == HttpFault.Kind.UNKNOWN_STATUS || fault.kind() == HttpFault.Kind.MISSING_ORDER_ID) {
            answer(ctx, req, distort(reply, fault.kind()), recorder);
        } else {
            spoil(ctx, req, fault, recorder);
        }
    }

    private Reply serve(final Endpoint endpoint, final QueryStringDecoder query, final String body, final String userId) {
        final MatchingEngine orders = backend.orders();
        return switch (endpoint) {
            case AUTHORIZE_MARKET_FEED -> authorize(userId, FeedKind.MARKET, Set.of());
            case MARKET_FEED_DIRECT -> Reply.redirect(307, authorizedUri(userId, FeedKind.MARKET, Set.of()));
            case AUTHORIZE_PORTFOLIO_FEED -> authorizePortfolio(userId, param(query, "update_types"));
            case PLACE_ORDER -> place(userId, body);
            case MODIFY_ORDER -> modify(userId, body);
            case CANCEL_ORDER -> cancel(userId, param(query, "order_id"));
            case ORDER_BOOK -> Reply.success(array(orders.orderBook(userId)), false);
            case ORDER_DETAILS -> details(userId, param(query, "order_id"));
            case ORDER_HISTORY -> history(userId, param(query, "order_id"), param(query, "tag"));
            case TRADES -> Reply.success(array(orders.trades(userId)), false);
            case POSITIONS -> Reply.success(array(orders.positions(userId)), false);
            case HOLDINGS -> Reply.success(NODES.arrayNode(), false);
            default -> Reply.error(404, Reply.NOT_FOUND, "Resource not Found");
        };
    }

    // ------------------------------------------------------------------ authorize and upgrade

    private Reply authorize(final String userId, final FeedKind kind, final Set<String> updateTypes) {
        final ObjectNode data = NODES.objectNode();
        data.put("authorized_redirect_uri", authorizedUri(userId, kind, updateTypes));
        return Reply.success(data, false);
    }

    private String authorizedUri(final String userId, final FeedKind kind, final Set<String> updateTypes) {
        final String code = backend.codes().issue(userId, kind, updateTypes);
        final String path = kind == FeedKind.MARKET ? Endpoint.MARKET_FEED_UPGRADE.path : Endpoint.PORTFOLIO_FEED_UPGRADE.path;
        return backend.webSocketBaseUrl() + path + "?requestId=" + UUID.randomUUID() + "&code=" + code;
    }

    private Reply authorizePortfolio(final String userId, final String updateTypes) {
        final Set<String> types = new LinkedHashSet<>();
        if (updateTypes == null || updateTypes.isBlank()) {
            types.add("order");
        } else {
            for (String t : updateTypes.split(",")) {
                final String type = t.trim();
                if (!UPDATE_TYPES.contains(type)) {
                    return Reply.error(400, Reply.INVALID_FIELD, "update_types must be among order, position, holding, gtt_order",
                        "update_types", type);
                }
                types.add(type);
            }
        }
        return authorize(userId, FeedKind.PORTFOLIO, Set.copyOf(types));
    }

    private void upgrade(final ChannelHandlerContext ctx, final FullHttpRequest req, final QueryStringDecoder query,
                         final FeedKind kind, final HttpFault fault, final Recorder recorder) {
        final AuthorizeCodes.Grant grant = backend.codes().consume(param(query, "code"), kind);
        if (grant == null) {
            answer(ctx, req, Reply.error(401, Reply.INVALID_TOKEN, "Invalid, expired or already used authorization code"), recorder);
            return;
        }
        if (fault != null) {
            spoil(ctx, req, fault, recorder);
            return;
        }
        final String wsUrl = backend.webSocketBaseUrl() + query.path();
        final WebSocketServerHandshaker handshaker =
            new WebSocketServerHandshakerFactory(wsUrl, null, true, MAX_WS_FRAME_BYTES).newHandshaker(req);
        if (handshaker == null) {
            recorder.record(426);
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        final FeedSession session = kind == FeedKind.MARKET
            ? backend.marketFeed().newSession(grant.userId())
            : backend.portfolioFeed().newSession(grant.userId(), grant.updateTypes());
        final ChannelPipeline p = ctx.pipeline();
        p.addLast("ws-idle", new IdleStateHandler(0, backend.pingIntervalMs(), 0, TimeUnit.MILLISECONDS));
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_WS_FRAME_BYTES));
        p.addLast("ws-session", session);
        p.remove(this);
        recorder.record(101);
        handshaker.handshake(ctx.channel(), req).addListener(f -> {
            if (f.isSuccess()) {
                session.opened(ctx.channel());
            } else {
                ctx.close();
            }
        });
    }

    // ------------------------------------------------------------------ orders

    private Reply place(final String userId, final String body) {
        final JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Reply.error(400, Reply.INVALID_FIELD, "request body is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            return Reply.error(400, Reply.INVALID_FIELD, "request body must be a JSON object");
        }
        final FieldReader f = new FieldReader(n);
        final long quantity = f.positiveLong("quantity");
        final String product = f.oneOf("product", "I", "D", "MTF");
        final String validity = f.oneOf("validity", "DAY", "IOC");
        final long price = f.price("price");
        final String tag = f.optionalText("tag");
        final String key = f.instrumentKey("instrument_token");
        final String orderType = f.oneOf("order_type", "MARKET", "LIMIT", "SL", "SL-M");
        final String side = f.oneOf("transaction_type", "BUY", "SELL");
        final long disclosed = f.nonNegativeLong("disclosed_quantity");
        final long trigger = f.price("trigger_price");
        final boolean amo = f.bool("is_amo");
        if (f.error == null && ("LIMIT".equals(orderType) || "SL".equals(orderType)) && price <= 0) {
            f.fail("price", "price must be above 0 for a " + orderType + " order", n.path("price").asText());
        }
        if (f.error == null && ("SL".equals(orderType) || "SL-M".equals(orderType)) && trigger <= 0) {
            f.fail("trigger_price", "trigger_price must be above 0 for a " + orderType + " order", n.path("trigger_price").asText());
        }
        if (f.error != null) {
            return f.error;
        }
        final SimOrder o = backend.orders().place(userId,
            new OrderRequest(key, quantity, product, validity, price, tag, orderType, side, disclosed, trigger, amo));
        final ObjectNode data = NODES.objectNode();
        data.putArray("order_ids").add(o.orderId);
        return Reply.success(data, true);
    }

    private Reply modify(final String userId, final String body) {
        final JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Reply.error(400, Reply.INVALID_FIELD, "request body is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            return Reply.error(400, Reply.INVALID_FIELD, "request body must be a JSON object");
        }
        final FieldReader f = new FieldReader(n);
        final String orderId = f.requiredText("order_id");
        final long quantity = n.has("quantity") ? f.positiveLong("quantity") : 0;
        final String validity = f.oneOf("validity", "DAY", "IOC");
        final long price = f.price("price");
        final String orderType = f.oneOf("order_type", "MARKET", "LIMIT", "SL", "SL-M");
        final long disclosed = n.has("disclosed_quantity") ? f.nonNegativeLong("disclosed_quantity") : 0;
        final long trigger = f.price("trigger_price");
        if (f.error != null) {
            return f.error;
        }
        final MatchingEngine.Outcome outcome = backend.orders().modify(userId,
            new ModifyRequest(orderId, quantity, validity, price, orderType, disclosed, trigger));
        return outcome(outcome, orderId, "modified");
    }

    private Reply cancel(final String userId, final String orderId) {
        if (orderId == null || orderId.isBlank()) {
            return Reply.error(400, Reply.INVALID_FIELD, "order_id is required", "order_id", null);
        }
        return outcome(backend.orders().cancel(userId, orderId), orderId, "cancelled");
    }

    private static Reply outcome(final MatchingEngine.Outcome outcome, final String orderId, final String verb) {
        return switch (outcome) {
            case OK -> {
                final ObjectNode data = NODES.objectNode();
                data.put("order_id", orderId);
                yield Reply.success(data, true);
            }
            case NOT_FOUND -> Reply.error(400, Reply.ORDER_NOT_FOUND, "Order not found", "order_id", orderId);
            case ALREADY_FINAL -> Reply.error(400, Reply.ORDER_ALREADY_FINAL,
                "Order is already completed, cancelled or rejected and cannot be " + verb, "order_id", orderId);
        };
    }

    private Reply details(final String userId, final String orderId) {
        final SimOrder o = backend.orders().find(userId, orderId);
        if (o == null) {
            return Reply.error(400, Reply.ORDER_NOT_FOUND, "Order not found", "order_id", orderId);
        }
        final List<ObjectNode> history = backend.orders().history(userId, orderId, null);
        return Reply.success(history.get(history.size() - 1), false);
    }

    private Reply history(final String userId, final String orderId, final String tag) {
        if ((orderId == null || orderId.isBlank()) && (tag == null || tag.isBlank())) {
            return Reply.error(400, Reply.INVALID_FIELD, "order_id or tag is required", "order_id", null);
        }
        final String id = orderId == null || orderId.isBlank() ? null : orderId;
        if (id != null && backend.orders().find(userId, id) == null) {
            return Reply.error(400, Reply.ORDER_NOT_FOUND, "Order not found", "order_id", id);
        }
        return Reply.success(array(backend.orders().history(userId, id, tag == null || tag.isBlank() ? null : tag)), false);
    }

    // ------------------------------------------------------------------ plumbing

    private void spoil(final ChannelHandlerContext ctx, final FullHttpRequest req, final HttpFault fault, final Recorder recorder) {
        switch (fault.kind()) {
            case NO_ANSWER -> recorder.record(0); // the client must time out; the connection stays open
            case TOO_MANY_REQUESTS -> answer(ctx, req, Reply.tooManyRequests(), recorder);
            case UNAUTHORIZED -> answer(ctx, req, Reply.invalidToken(), recorder);
            case SERVER_ERROR -> answer(ctx, req, Reply.error(fault.httpStatus(), Reply.SERVER_ERROR,
                "Something went wrong, please try again"), recorder);
            case MALFORMED_BODY -> answer(ctx, req, new Reply(200, "<html><body>502 Bad Gateway</body></html>"), recorder);
            default -> throw new IllegalStateException("unhandled fault " + fault);
        }
    }

    /** The real answer, bent the way {@code kind} says (only successful answers carry data to bend). */
    private static Reply distort(final Reply reply, final HttpFault.Kind kind) {
        if (reply.httpStatus() != 200) {
            return reply;
        }
        try {
            final JsonNode root = JSON.readTree(reply.body());
            final JsonNode data = root.path("data");
            if (kind == HttpFault.Kind.MISSING_ORDER_ID && data instanceof ObjectNode o) {
                if (o.has("order_ids")) {
                    o.putArray("order_ids");
                }
                o.remove("order_id");
            } else if (kind == HttpFault.Kind.UNKNOWN_STATUS) {
                if (data instanceof ObjectNode o && o.has("status")) {
                    o.put("status", HttpFault.UNKNOWN_STATUS_STRING);
                }
                for (JsonNode item : data) {
                    if (item instanceof ObjectNode o && o.has("status")) {
                        o.put("status", HttpFault.UNKNOWN_STATUS_STRING);
                    }
                }
            }
            return new Reply(200, root.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the simulator wrote a body that is not JSON", e);
        }
    }

    private static void answer(final ChannelHandlerContext ctx, final FullHttpRequest req, final Reply reply,
                               final Recorder recorder) {
        recorder.record(reply.httpStatus());
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.httpStatus()), Unpooled.wrappedBuffer(reply.body().getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (reply.location() != null) {
            response.headers().set(HttpHeaderNames.LOCATION, reply.location());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        final boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String param(final QueryStringDecoder query, final String name) {
        final Map<String, List<String>> params = query.parameters();
        final List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ArrayNode array(final List<ObjectNode> items) {
        final ArrayNode a = NODES.arrayNode();
        items.forEach(a::add);
        return a;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        backend.errors().record((orderHost ? "order" : "API") + " host connection", cause);
        ctx.close();
    }

    @FunctionalInterface
    private interface Recorder {
        void record(int httpStatus);
    }

    /** Reads request fields; the first problem becomes a 400 naming the field. */
    private static final class FieldReader {
        final JsonNode n;
        Reply error;

        FieldReader(final JsonNode n) {
            this.n = n;
        }

        void fail(final String field, final String message, final String value) {
            if (error == null) {
                error = Reply.error(400, Reply.INVALID_FIELD, message, field, value);
            }
        }

        private JsonNode required(final String field) {
            final JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                fail(field, field + " is required", null);
                return null;
            }
            return v;
        }

        long positiveLong(final String field) {
            final JsonNode v = required(field);
            if (v != null && (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0)) {
                fail(field, field + " must be a whole number above 0", v.asText());
                return 0;
            }
            return v == null ? 0 : v.asLong();
        }

        long nonNegativeLong(final String field) {
            final JsonNode v = required(field);
            if (v != null && (!v.isIntegralNumber() || v.asLong() < 0)) {
                fail(field, field + " must be a whole number, 0 or more", v.asText());
                return 0;
            }
            return v == null ? 0 : v.asLong();
        }

        long price(final String field) {
            final JsonNode v = required(field);
            if (v != null && (!v.isNumber() || !Prices.isValidPrice(v.asDouble()))) {
                fail(field, field + " must be a price, 0 or more", v.asText());
                return 0;
            }
            return v == null ? 0 : Prices.toFixed(v.asDouble());
        }

        String oneOf(final String field, final String... allowed) {
            final JsonNode v = required(field);
            if (v == null) {
                return null;
            }
            for (String a : allowed) {
                if (a.equals(v.asText())) {
                    return a;
                }
            }
            fail(field, field + " must be one of " + String.join(", ", allowed), v.asText());
            return null;
        }

        String requiredText(final String field) {
            final JsonNode v = required(field);
            if (v != null && (!v.isTextual() || v.asText().isBlank())) {
                fail(field, field + " must be a non-empty string", v.asText());
                return null;
            }
            return v == null ? null : v.asText();
        }

        String optionalText(final String field) {
            final JsonNode v = n.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }

        String instrumentKey(final String field) {
            final String key = requiredText(field);
            if (key != null && key.indexOf('|') <= 0) {
                fail(field, field + " must be an instrument key SEGMENT|ID", key);
                return null;
            }
            return key;
        }

        boolean bool(final String field) {
            final JsonNode v = required(field);
            if (v != null && !v.isBoolean()) {
                fail(field, field + " must be true or false", v.asText());
                return false;
            }
            return v != null && v.asBoolean();
        }
    }
}

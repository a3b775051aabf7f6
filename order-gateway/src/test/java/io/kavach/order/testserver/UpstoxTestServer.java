package io.kavach.order.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.agrona.concurrent.EpochClock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small Upstox-like HTTP server for tests, on a real loopback socket with its own event loop:
 * place/modify/cancel (v3), details/history/order book/positions (v2), and fault injection per
 * request (429, 5xx with or without placing, silence with or without placing, unreadable bodies,
 * unknown status strings). It records every request with its arrival time on the given clock, so a
 * test can check rate limits from the server's side and count placements per tag.
 *
 * <p>Threading: its state is guarded by {@code this}; tests read it after the client is quiet.
 */
public final class UpstoxTestServer implements AutoCloseable {
    public enum Fault {
        NONE, HTTP_429, HTTP_500_NOT_PLACED, HTTP_500_PLACED, SILENT_NOT_PLACED, SILENT_PLACED, GARBAGE_PLACED,
        SUCCESS_WITHOUT_ID_PLACED, REJECT_400, HTTP_401
    }

    /** Decides the fault for each request; called under the server's lock. */
    @FunctionalInterface
    public interface FaultPlan {
        Fault faultFor(Request request, int requestIndex, JsonNode body);

        /** {@code fault} on the first place request only. */
        static FaultPlan firstPlace(final Fault fault) {
            final AtomicInteger places = new AtomicInteger();
            return (r, i, b) -> r.path.equals("/v3/order/place") && places.getAndIncrement() == 0 ? fault : Fault.NONE;
        }
    }

    /** One request as the server saw it. */
    public static final class Request {
        public final String method;
        public final String path;
        public final String query;
        public final long arrivalEpochMs;
        public final String tag;
        public final String authorization;
        public final String algoName;
        public final String body;
        public Fault fault;

        Request(final String method, final String path, final String query, final long arrivalEpochMs, final String tag,
                final String authorization, final String algoName, final String body) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.arrivalEpochMs = arrivalEpochMs;
            this.tag = tag;
            this.authorization = authorization;
            this.algoName = algoName;
            this.body = body;
        }

        public boolean isOrderCall() {
            return path.startsWith("/v3/order/place") || path.startsWith("/v3/order/modify") || path.startsWith("/v3/order/cancel");
        }
    }

    /** An order the server holds. */
    public static final class Order {
        public final String orderId;
        public final String tag;
        public final String instrumentKey;
        public final String product;
        public final String side;
        public final boolean amo;
        public String orderType;
        public String status;
        public String statusMessage;
        public long quantity;
        public double price;
        public double triggerPrice;
        public long filledQuantity;
        public double averagePrice;
        long createdEpochMs;

        Order(final String orderId, final JsonNode b) {
            this.orderId = orderId;
            this.tag = b.path("tag").asText(null);
            this.instrumentKey = b.path("instrument_token").asText();
            this.product = b.path("product").asText();
            this.side = b.path("transaction_type").asText();
            this.amo = b.path("is_amo").asBoolean(false);
            this.orderType = b.path("order_type").asText();
            this.quantity = b.path("quantity").asLong();
            this.price = b.path("price").asDouble();
            this.triggerPrice = b.path("trigger_price").asDouble();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EpochClock clock;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel serverChannel;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final List<ObjectNode> positions = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final io.netty.channel.group.ChannelGroup children =
            new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    private final AtomicLong responsesSent = new AtomicLong();
    private volatile FaultPlan faultPlan = (r, i, b) -> Fault.NONE;
    private volatile String initialStatus = "open";
    private volatile String statusOverride;
    private volatile long listingLagMs;
    private int nextOrderId = 1;

    private final boolean tls;

    public UpstoxTestServer(final EpochClock clock) throws InterruptedException {
        this(clock, null);
    }

    /** With {@code ssl} non-null the server speaks HTTPS only. */
    public UpstoxTestServer(final EpochClock clock, final io.netty.handler.ssl.SslContext ssl) throws InterruptedException {
        this.clock = clock;
        this.tls = ssl != null;
        serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        connections.incrementAndGet();
                        children.add(ch);
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public String baseUri() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public void faultPlan(final FaultPlan plan) {
        this.faultPlan = plan;
    }

    /** Status of newly placed orders ("open" unless a test wants e.g. "put order req received"). */
    public void initialStatus(final String status) {
        this.initialStatus = status;
    }

    /** Every read of an order reports this status instead of the real one (null = off). */
    public void statusOverride(final String status) {
        this.statusOverride = status;
    }

    /** New orders show in history and the order book only this long after they were placed (broker lag). */
    public void listingLagMs(final long ms) {
        this.listingLagMs = ms;
    }

    private boolean listed(final Order o) {
        return o.createdEpochMs + listingLagMs <= clock.time();
    }

    /** Closes every open client connection, as a server's keep-alive timeout or a restart would. */
    public void dropConnections() {
        children.close().syncUninterruptibly();
    }

    public int connectionsAccepted() {
        return connections.get();
    }

    public long responsesSent() {
        return responsesSent.get();
    }

    public synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    /** {requests arrived, responses sent}, read atomically. */
    public synchronized long[] counts() {
        return new long[]{requests.size(), responsesSent.get()};
    }

    public synchronized List<Order> orders() {
        return new ArrayList<>(orders.values());
    }

    public synchronized Order order(final String id) {
        return orders.get(id);
    }

    /** Changes an order as a human would from the app (manual cancel/modify). */
    public synchronized void manualChange(final String orderId, final String status, final long quantity, final double price) {
        final Order o = orders.get(orderId);
        o.status = status;
        o.quantity = quantity;
        o.price = price;
    }

    /** Adds an order placed outside the engine (another app), with no tag. */
    public synchronized String addExternalOrder(final String instrumentKey, final String status) {
        final ObjectNode b = JSON.createObjectNode();
        b.put("instrument_token", instrumentKey).put("product", "D").put("transaction_type", "BUY")
                .put("order_type", "LIMIT").put("quantity", 5).put("price", 100.5);
        final Order o = new Order("EXT" + nextOrderId++, b);
        o.status = status;
        orders.put(o.orderId, o);
        return o.orderId;
    }

    /** An order with our tag that is already at the broker (placed before a restart). */
    public synchronized String addOrder(final String tag, final String instrumentKey, final String status) {
        final ObjectNode b = JSON.createObjectNode();
        b.put("tag", tag).put("instrument_token", instrumentKey).put("product", "D").put("transaction_type", "BUY")
                .put("order_type", "LIMIT").put("quantity", 10).put("price", 1234.5);
        final Order o = new Order("25" + String.format("%010d", nextOrderId++), b);
        o.status = status;
        orders.put(o.orderId, o);
        return o.orderId;
    }

    /** The broker forgets an order (it vanishes from every read). */
    public synchronized void removeOrder(final String orderId) {
        orders.remove(orderId);
    }

    public synchronized void fill(final String orderId, final long qty, final double avg) {
        final Order o = orders.get(orderId);
        o.filledQuantity = qty;
        o.averagePrice = avg;
        o.status = qty >= o.quantity ? "complete" : "open";
    }

    public synchronized void setPosition(final String instrumentKey, final String product, final long quantity) {
        positions.removeIf(p -> p.path("instrument_token").asText().equals(instrumentKey) && p.path("product").asText().equals(product));
        final ObjectNode p = JSON.createObjectNode();
        p.put("instrument_token", instrumentKey).put("product", product).put("quantity", quantity);
        positions.add(p);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest req) throws Exception {
            final QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            final String body = req.content().toString(StandardCharsets.UTF_8);
            final FullHttpResponse response;
            synchronized (UpstoxTestServer.this) {
                final JsonNode json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
                final String tag = json.has("tag") ? json.get("tag").asText() : null;
                final Request r = new Request(req.method().name(), qs.path(), qs.rawQuery(), clock.time(), tag,
                        req.headers().get(HttpHeaderNames.AUTHORIZATION), req.headers().get("X-Algo-Name"), body);
                final int index = requests.size();
                requests.add(r);
                r.fault = faultPlan.faultFor(r, index, json);
                response = answer(r, qs, json);
                if (response != null) {
                    responsesSent.incrementAndGet(); // counted with the arrival, so a test never sees one without the other
                }
            }
            if (response != null) {
                ctx.writeAndFlush(response);
            }
        }
    }

    /** Runs under the lock. Returns null for silence. */
    private FullHttpResponse answer(final Request r, final QueryStringDecoder qs, final JsonNode json) {
        final Fault fault = r.fault;
        switch (fault) {
            case HTTP_429:
                return json(429, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI10005\",\"message\":\"Too Many Request Sent\",\"property_path\":null,\"invalid_value\":null}]}");
            case HTTP_401:
                return json(401, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100050\",\"message\":\"Invalid token used to access API\"}]}");
            case REJECT_400:
                return json(400, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI1052\",\"message\":\"Insufficient funds\",\"property_path\":null,\"invalid_value\":null}]}");
            case HTTP_500_NOT_PLACED:
                return json(500, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100500\",\"message\":\"Something went wrong\"}]}");
            case SILENT_NOT_PLACED:
                return null;
            default:
                break;
        }
        final String path = r.path;
        if (path.equals("/v3/order/place")) {
            final Order o = new Order("25" + String.format("%010d", nextOrderId++), json);
            o.status = initialStatus;
            o.createdEpochMs = r.arrivalEpochMs;
            orders.put(o.orderId, o);
            switch (fault) {
                case HTTP_500_PLACED:
                    return json(503, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100500\",\"message\":\"Service unavailable\"}]}");
                case SILENT_PLACED:
                    return null;
                case GARBAGE_PLACED:
                    return json(200, "<html>gateway hiccup</html>");
                case SUCCESS_WITHOUT_ID_PLACED:
                    return json(200, "{\"status\":\"success\",\"data\":{}}");
                default:
                    return json(200, "{\"status\":\"success\",\"data\":{\"order_ids\":[\"" + o.orderId + "\"]},\"metadata\":{\"latency\":1}}");
            }
        }
        if (path.equals("/v3/order/modify")) {
            final Order o = orders.get(json.path("order_id").asText());
            if (o == null) {
                return json(400, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100010\",\"message\":\"Order not found\"}]}");
            }
            o.quantity = json.path("quantity").asLong(o.quantity);
            o.price = json.path("price").asDouble(o.price);
            o.triggerPrice = json.path("trigger_price").asDouble(o.triggerPrice);
            o.orderType = json.path("order_type").asText(o.orderType);
            return json(200, "{\"status\":\"success\",\"data\":{\"order_id\":\"" + o.orderId + "\"}}");
        }
        if (path.equals("/v3/order/cancel")) {
            final Order o = orders.get(param(qs, "order_id"));
            if (o == null) {
                return json(400, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100010\",\"message\":\"Order not found\"}]}");
            }
            if (o.status.equals("complete") || o.status.equals("cancelled") || o.status.equals("rejected")) {
                return json(400, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100040\",\"message\":\"Order is already in final state\"}]}");
            }
            o.status = "cancelled";
            return fault == Fault.SILENT_PLACED ? null
                    : json(200, "{\"status\":\"success\",\"data\":{\"order_id\":\"" + o.orderId + "\"}}");
        }
        if (path.equals("/v2/order/details")) {
            final Order o = orders.get(param(qs, "order_id"));
            if (o == null) {
                return json(400, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100010\",\"message\":\"Order not found\"}]}");
            }
            final ObjectNode root = JSON.createObjectNode().put("status", "success");
            root.set("data", row(o));
            return json(200, root.toString());
        }
        if (path.equals("/v2/order/history")) {
            final String tag = param(qs, "tag");
            final ArrayNode data = JSON.createArrayNode();
            for (final Order o : orders.values()) {
                if (tag != null && tag.equals(o.tag) && listed(o)) {
                    data.add(row(o));
                }
            }
            if (data.isEmpty()) {
                return json(400, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100010\",\"message\":\"Order not found\"}]}");
            }
            final ObjectNode root = JSON.createObjectNode().put("status", "success");
            root.set("data", data);
            return json(200, root.toString());
        }
        if (path.equals("/v2/order/retrieve-all")) {
            final ArrayNode data = JSON.createArrayNode();
            for (final Order o : orders.values()) {
                if (listed(o)) {
                    data.add(row(o));
                }
            }
            final ObjectNode root = JSON.createObjectNode().put("status", "success");
            root.set("data", data);
            return json(200, root.toString());
        }
        if (path.equals("/v2/portfolio/short-term-positions")) {
            final ArrayNode data = JSON.createArrayNode();
            positions.forEach(data::add);
            final ObjectNode root = JSON.createObjectNode().put("status", "success");
            root.set("data", data);
            return json(200, root.toString());
        }
        return json(404, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100060\",\"message\":\"Resource not Found\"}]}");
    }

    private ObjectNode row(final Order o) {
        final ObjectNode n = JSON.createObjectNode();
        n.put("order_id", o.orderId);
        n.put("tag", o.tag);
        n.put("status", statusOverride != null ? statusOverride : o.status);
        n.put("status_message", o.statusMessage);
        n.put("instrument_token", o.instrumentKey);
        n.put("product", o.product);
        n.put("transaction_type", o.side);
        n.put("order_type", o.orderType);
        n.put("validity", "DAY");
        n.put("is_amo", o.amo);
        n.put("quantity", o.quantity);
        n.put("filled_quantity", o.filledQuantity);
        n.put("pending_quantity", o.quantity - o.filledQuantity);
        n.put("price", o.price);
        n.put("trigger_price", o.triggerPrice);
        n.put("average_price", o.averagePrice);
        n.put("order_timestamp", "2026-11-20 10:15:00");
        n.putNull("exchange_timestamp");
        return n;
    }

    private static String param(final QueryStringDecoder qs, final String name) {
        final List<String> v = qs.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static FullHttpResponse json(final int status, final String body) {
        final FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

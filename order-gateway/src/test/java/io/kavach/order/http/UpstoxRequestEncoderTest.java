package io.kavach.order.http;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstoxRequestEncoderTest {
    private static final byte[] TOKEN = "abc.def".getBytes(StandardCharsets.US_ASCII);

    private static byte[] b(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String encode(final java.util.function.Consumer<ByteBuf> writer) {
        final ByteBuf buf = Unpooled.buffer();
        try {
            writer.accept(buf);
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    @Test
    void shouldEncodeAPlaceRequestByteForByte() {
        final UpstoxRequestEncoder e = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("https://api-hft.upstox.com")), TOKEN, "algo1");
        final byte[] key = b("NSE_EQ|INE002A01018");
        final byte[] tag = b("k-1");
        final String req = encode(buf -> e.place(buf, key, key.length, tag, tag.length, OrderCodes.SIDE_SELL, OrderCodes.TYPE_SL,
                OrderCodes.PRODUCT_I, OrderCodes.VALIDITY_DAY, 25, Prices.toFixed(2450.05), Prices.toFixed(2451), 0, false));
        final String body = "{\"quantity\":25,\"product\":\"I\",\"validity\":\"DAY\",\"price\":2450.05,\"tag\":\"k-1\","
                + "\"instrument_token\":\"NSE_EQ|INE002A01018\",\"order_type\":\"SL\",\"transaction_type\":\"SELL\","
                + "\"disclosed_quantity\":0,\"trigger_price\":2451,\"is_amo\":false,\"slice\":false}";
        assertEquals("POST /v3/order/place HTTP/1.1\r\nHost: api-hft.upstox.com\r\nAccept: application/json\r\n"
                + "X-Algo-Name: algo1\r\nAuthorization: Bearer abc.def\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body, req);
    }

    @Test
    void shouldZeroPriceForMarketOrdersAndTriggerForLimitOrders() {
        final UpstoxRequestEncoder e = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("http://127.0.0.1:8080/sim")), TOKEN, null);
        final byte[] key = b("NSE_FO|43919");
        final byte[] tag = b("t");
        final String market = encode(buf -> e.place(buf, key, key.length, tag, tag.length, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET,
                OrderCodes.PRODUCT_D, OrderCodes.VALIDITY_IOC, 75, Prices.toFixed(99.5), Prices.toFixed(99), 0, true));
        assertTrue(market.startsWith("POST /sim/v3/order/place HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"));
        assertFalse(market.contains("X-Algo-Name"));
        assertTrue(market.contains("\"price\":0,"));
        assertTrue(market.contains("\"trigger_price\":0,"));
        assertTrue(market.contains("\"validity\":\"IOC\""));
        assertTrue(market.contains("\"is_amo\":true"));
    }

    @Test
    void shouldEncodeModifyCancelAndReadsWithEscapedQueries() {
        final UpstoxRequestEncoder e = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("https://api.upstox.com")), TOKEN, null);
        final byte[] id = b("250000000123");
        final String modify = encode(buf -> e.modify(buf, id, id.length, 10, OrderCodes.VALIDITY_DAY, Prices.toFixed(0.0025),
                OrderCodes.TYPE_LIMIT, 0, 0));
        assertTrue(modify.startsWith("PUT /v3/order/modify HTTP/1.1\r\n"));
        assertTrue(modify.endsWith("{\"order_id\":\"250000000123\",\"quantity\":10,\"validity\":\"DAY\",\"price\":0.0025,"
                + "\"order_type\":\"LIMIT\",\"disclosed_quantity\":0,\"trigger_price\":0}"), modify);
        final String keepQuantity = encode(buf -> e.modify(buf, id, id.length, 0, OrderCodes.VALIDITY_DAY, Prices.toFixed(101),
                OrderCodes.TYPE_SL, 0, Prices.toFixed(100)));
        assertTrue(keepQuantity.endsWith("{\"order_id\":\"250000000123\",\"validity\":\"DAY\",\"price\":101,"
                + "\"order_type\":\"SL\",\"disclosed_quantity\":0,\"trigger_price\":100}"), keepQuantity);
        final String cancel = encode(buf -> e.cancel(buf, id, id.length));
        assertTrue(cancel.startsWith("DELETE /v3/order/cancel?order_id=250000000123 HTTP/1.1\r\n"));
        assertTrue(cancel.endsWith("\r\n\r\n"));
        final byte[] tag = b("r:1.x");
        final String history = encode(buf -> e.get(buf, UpstoxRequestEncoder.PATH_HISTORY, true, tag, tag.length));
        assertTrue(history.startsWith("GET /v2/order/history?tag=r%3A1.x HTTP/1.1\r\n"), history);
    }

    @Test
    void shouldRefuseTagsAndKeysThatWouldBreakJsonOrTheQuery() {
        assertTrue(UpstoxRequestEncoder.safeToken(b("rule-12_fire.3:x"), 16));
        assertFalse(UpstoxRequestEncoder.safeToken(b("a\"b"), 3));
        assertFalse(UpstoxRequestEncoder.safeToken(b("a b"), 3));
        assertFalse(UpstoxRequestEncoder.safeToken(b(""), 0));
        assertTrue(UpstoxRequestEncoder.safeJsonText(b("NSE_INDEX|Nifty 50"), 18));
        assertFalse(UpstoxRequestEncoder.safeJsonText(b("a\\b"), 3));
    }

    @Test
    void shouldEncodeAMillionPlaceRequestsWithoutAllocating() {
        final UpstoxRequestEncoder e = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("https://api-hft.upstox.com")), TOKEN, "a");
        final byte[] key = b("NSE_EQ|INE002A01018");
        final byte[] tag = b("r1-f2");
        // a wrapped array: allocator buffers carry the paranoid leak tracker tests run with, which allocates per access
        final ByteBuf buf = Unpooled.wrappedBuffer(new byte[1024]);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            for (int i = 0; i < 100_000; i++) { // warm up (JIT, escape analysis)
                buf.clear();
                e.place(buf, key, key.length, tag, tag.length, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, OrderCodes.PRODUCT_D,
                        OrderCodes.VALIDITY_DAY, 1 + i % 100, 1_000_000L + i, 0, 0, false);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000_000; i++) {
                buf.clear();
                e.place(buf, key, key.length, tag, tag.length, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, OrderCodes.PRODUCT_D,
                        OrderCodes.VALIDITY_DAY, 1 + i % 100, 1_000_000L + i, 0, 0, false);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for a million requests");
        } finally {
            buf.release();
        }
    }
}

package io.kavach.benchmarks.latency;

import io.kavach.order.OrderCodes;
import io.kavach.order.http.HttpEndpoint;
import io.kavach.order.http.UpstoxRequestEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Turns an order intent into the bytes of the Upstox v3 place request (request line, headers, JSON
 * body) with the order gateway's own {@link UpstoxRequestEncoder}, into one reused direct buffer:
 * the last step before the socket write (which {@code OrderPlaceWireBenchmark} measures on
 * loopback). The tag is {@code k<intent number>}, written in place.
 *
 * <p>Threading: the thread that produces intents (the logic thread).
 */
final class OrderRequestWriter {
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJrZXlfaWQiOiJza192MS4wIiwiYWxnIjoiSFMyNTYifQ";

    private final UpstoxRequestEncoder encoder = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("https://api-hft.upstox.com")),
        TOKEN.getBytes(StandardCharsets.US_ASCII), "kavach");
    private final ByteBuf out = Unpooled.directBuffer(2048);
    private final byte[][] keys;
    private final byte[] tag = new byte[40];
    private long requests;
    private long bytes;

    OrderRequestWriter(final String[] instrumentKeys) {
        keys = new byte[instrumentKeys.length][];
        for (int i = 0; i < instrumentKeys.length; i++) {
            keys[i] = instrumentKeys[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Encodes a place request; returns its length in bytes. */
    int place(final int instrumentId, final byte side, final byte orderType, final long quantity, final long price, final long triggerPrice) {
        final long n = ++requests;
        tag[0] = 'k';
        int len = 1;
        for (long div = pow10(n); div > 0; div /= 10) {
            tag[len++] = (byte) ('0' + n / div % 10);
        }
        out.clear();
        final byte[] key = keys[instrumentId];
        encoder.place(out, key, key.length, tag, len, side, orderType, OrderCodes.PRODUCT_I, OrderCodes.VALIDITY_DAY,
            quantity, price, triggerPrice, 0, false);
        final int written = out.writerIndex();
        bytes += written;
        return written;
    }

    private static long pow10(final long n) {
        long d = 1;
        while (d <= n / 10) {
            d *= 10;
        }
        return d;
    }

    long requests() {
        return requests;
    }

    long bytes() {
        return bytes;
    }

    void release() {
        out.release();
    }
}

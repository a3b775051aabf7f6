package io.kavach.benchmarks.latency;

import io.kavach.engine.action.OrderIntent;
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
 * loopback).
 *
 * <p>Threading: the thread that produces intents (the logic thread).
 */
final class OrderRequestWriter {
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJrZXlfaWQiOiJza192MS4wIiwiYWxnIjoiSFMyNTYifQ";

    private final UpstoxRequestEncoder encoder = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("https://api-hft.upstox.com")),
        TOKEN.getBytes(StandardCharsets.US_ASCII), "kavach");
    private final ByteBuf out = Unpooled.directBuffer(2048);
    private final byte[][] keys;
    private long requests;
    private long bytes;

    OrderRequestWriter(final String[] instrumentKeys) {
        keys = new byte[instrumentKeys.length][];
        for (int i = 0; i < instrumentKeys.length; i++) {
            keys[i] = instrumentKeys[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Encodes a place request for the intent; returns its length in bytes. */
    int place(final OrderIntent intent) {
        requests++;
        out.clear();
        final byte[] key = keys[intent.instrumentId];
        encoder.place(out, key, key.length, intent.tag, intent.tagLength, intent.side, intent.orderType,
            intent.product == 0 ? OrderCodes.PRODUCT_I : intent.product, intent.validity == 0 ? OrderCodes.VALIDITY_DAY : intent.validity,
            intent.quantity, intent.price, intent.triggerPrice, 0, false);
        final int written = out.writerIndex();
        bytes += written;
        return written;
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

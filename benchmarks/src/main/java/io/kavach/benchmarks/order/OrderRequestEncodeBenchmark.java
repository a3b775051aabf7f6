package io.kavach.benchmarks.order;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import io.kavach.order.http.HttpEndpoint;
import io.kavach.order.http.UpstoxRequestEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Encoding one complete place request (request line, headers, JSON body) into a direct buffer: expect ~0 B/op. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OrderRequestEncodeBenchmark {
    private final byte[] key = "NSE_EQ|INE002A01018".getBytes(StandardCharsets.US_ASCII);
    private final byte[] tag = "r123-f45-x".getBytes(StandardCharsets.US_ASCII);
    private UpstoxRequestEncoder encoder;
    private ByteBuf buf;
    private long price = Prices.toFixed(2450.05);

    @Setup
    public void setUp() {
        encoder = new UpstoxRequestEncoder(new HttpEndpoint(URI.create("https://api-hft.upstox.com")),
                "eyJ0eXAiOiJKV1QiLCJrZXlfaWQiOiJza192MS4wIiwiYWxnIjoiSFMyNTYifQ".getBytes(StandardCharsets.US_ASCII), "kavach");
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
    }

    @Benchmark
    public int encodePlace() {
        buf.clear();
        price += 50_000;
        encoder.place(buf, key, key.length, tag, tag.length, OrderCodes.SIDE_SELL, OrderCodes.TYPE_SL, OrderCodes.PRODUCT_I,
                OrderCodes.VALIDITY_DAY, 25, price, price + 1_000_000, 0, false);
        return buf.writerIndex();
    }

    @TearDown
    public void tearDown() {
        buf.release();
    }
}

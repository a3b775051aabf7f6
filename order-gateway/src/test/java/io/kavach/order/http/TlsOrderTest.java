package io.kavach.order.http;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketCalendar;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.live.LiveOrderRouter;
import io.kavach.order.testserver.RecordingOrderEventHandler;
import io.kavach.order.testserver.UpstoxTestServer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The order client over real TLS on loopback, with a certificate made by keytool for 127.0.0.1. */
class TlsOrderTest {
    private static final char[] PASS = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static KeyStore keyStore;
    private EventLoopGroup group = new NioEventLoopGroup(1);
    private EventLoop loop = group.next();
    private UpstoxTestServer server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        final Path ks = dir.resolve("server.p12");
        final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sim", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool made a certificate");
        keyStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            keyStore.load(in, PASS);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASS);
        final SslContext serverSsl = SslContextBuilder.forServer(kmf).build();
        server = new UpstoxTestServer(SystemEpochClock.INSTANCE, serverSsl);
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    private TrustManagerFactory trusting() throws Exception {
        final KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("sim", keyStore.getCertificate("sim"));
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    private LiveOrderRouter router(final OrderGatewayConfig config, final RecordingOrderEventHandler events) throws Exception {
        final LiveOrderRouter router = loop.submit(() -> new LiveOrderRouter(config, loop, SystemEpochClock.INSTANCE, events,
                MarketCalendar.nseDefault())).get(5, TimeUnit.SECONDS);
        loop.submit(router::start).get(5, TimeUnit.SECONDS);
        return router;
    }

    private static OrderIntent intent() {
        return new OrderIntent().place(1, OrderCodes.SIDE_BUY, 1).orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(10))
                .instrumentKey("NSE_EQ|INE002A01018").tag("tls-1");
    }

    /** The pool opens channels of its loop's transport: NIO, or epoll where the engine's writer loop runs epoll. */
    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void shouldPlaceOverTlsWithHostnameVerification(final String transport) throws Exception {
        if (transport.equals("epoll")) {
            assumeTrue(Epoll.isAvailable(), "epoll not available here");
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = new EpollEventLoopGroup(1);
            loop = group.next();
        }
        final RecordingOrderEventHandler events = new RecordingOrderEventHandler();
        final OrderGatewayConfig config = new OrderGatewayConfig().orderBaseUri(server.baseUri()).readBaseUri(server.baseUri())
                .accessToken("t").marketHoursCheck(false).trustManagerFactory(trusting());
        final LiveOrderRouter router = router(config, events);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        loop.submit(() -> router.submit(intent())).get(5, TimeUnit.SECONDS);
        while (loop.submit(() -> events.acks.size()).get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(AckCode.ACCEPTED, loop.submit(() -> events.acks.get(0).code).get());
        assertTrue(server.baseUri().startsWith("https://"));
        loop.submit(router::close).get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseAServerTheTrustStoreDoesNotVouchFor() throws Exception {
        final RecordingOrderEventHandler events = new RecordingOrderEventHandler();
        final OrderGatewayConfig config = new OrderGatewayConfig().orderBaseUri(server.baseUri()).readBaseUri(server.baseUri())
                .accessToken("t").marketHoursCheck(false);
        final LiveOrderRouter router = router(config, events);
        loop.submit(() -> router.submit(intent())).get(5, TimeUnit.SECONDS);
        Thread.sleep(1_000);
        assertEquals(0, server.requestCount(), "nothing sent to an untrusted server");
        assertEquals(0, (int) loop.submit(() -> events.acks.size()).get());
        loop.submit(router::close).get(5, TimeUnit.SECONDS);
    }
}

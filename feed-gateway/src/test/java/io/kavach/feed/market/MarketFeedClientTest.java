package io.kavach.feed.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.feed.connection.FakeUpstoxFeedServer;
import io.kavach.feed.connection.FeedConnectionConfig;
import io.kavach.feed.connection.FeedConnectionListener;
import io.kavach.feed.connection.TokenSource;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.LTPC;
import io.kavach.feed.proto.MarketDataFeedV3.MarketInfo;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The market feed client against a real Netty server on 127.0.0.1: authorize, subscribe, ticks, liveness, reconnect, tokens. */
class MarketFeedClientTest {
    private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJrZXlfaWQiOiJza192MS4wIn0.secret-token-A";
    private static final String STALE_TOKEN = "eyJ0eXAiOiJKV1QiLCJrZXlfaWQiOiJza192MS4wIn0.stale-token-B";
    private static final String RELIANCE = "NSE_EQ|INE002A01018";
    private static final String NIFTY = "NSE_INDEX|Nifty 50";
    private static final String OPTION = "NSE_FO|43919";
    private static final long TIMEOUT_MS = 10_000;

    private final ObjectMapper json = new ObjectMapper();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final BlockingQueue<String> ticks = new LinkedBlockingQueue<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private long healthyResetMs = 5_000;
    private final FakeTokens tokens = new FakeTokens();
    private FakeUpstoxFeedServer server;
    private MarketFeedClient client;

    /** Hand-written token source: a current token, and what a reload finds. */
    private static final class FakeTokens implements TokenSource {
        volatile String current;
        volatile String onReload;
        volatile int reloads;

        @Override
        public String currentToken() {
            return current;
        }

        @Override
        public String reload() {
            reloads++;
            current = onReload;
            return current;
        }
    }

    private final FeedConnectionListener listener = new FeedConnectionListener() {
        @Override
        public void onConnected(final String feedName) {
            events.add("connected");
        }

        @Override
        public void onDisconnected(final String feedName, final String reason, final long retryInMs) {
            events.add("disconnected:" + retryInMs + ":" + reason);
        }

        @Override
        public void onPaused(final String feedName, final String alert, final long recheckInMs) {
            events.add("paused:" + alert);
        }

        @Override
        public void onBadFrame(final String feedName, final String description) {
            events.add("bad-frame:" + description);
        }
    };

    private final MarketFeedHandler handler = new MarketFeedHandler() {
        @Override
        public void onFeed(final MarketFeedView feed) {
            ticks.add(registry.keyOf(feed.instrumentId()) + "@" + feed.ltp());
        }

        @Override
        public void onMarketStatus(final int segment, final int status, final long currentTsEpochMs, final long receivedNanos) {
            ticks.add(Segments.name(segment) + "=" + status);
        }
    };

    MarketFeedClientTest() {
        registry.register(RELIANCE);
        registry.register(NIFTY);
        registry.register(OPTION);
    }

    private void startServerAndClient(final String validToken) throws Exception {
        startServerAndClient(validToken, null, null);
    }

    private void startServerAndClient(final String validToken, final SslContext serverTls, final SslContext clientTls) throws Exception {
        server = new FakeUpstoxFeedServer(validToken, serverTls);
        server.greeting = FeedResponse.newBuilder().setType(Type.market_info).setCurrentTs(1_700_000_000_000L)
            .setMarketInfo(MarketInfo.newBuilder().putSegmentStatus("NSE_EQ", MarketStatus.NORMAL_OPEN)).build().toByteArray();
        final FeedConnectionConfig config = new FeedConnectionConfig("market-feed",
            URI.create(server.baseUrl() + FeedConnectionConfig.MARKET_AUTHORIZE_PATH))
            .pingIntervalMs(100).pongTimeoutMs(600).backoff(50, 400, 0.25).healthyResetMs(healthyResetMs).tokenRecheckMs(300).connectTimeoutMs(3_000)
            .sslContext(clientTls);
        client = new MarketFeedClient(group.next(), config, tokens, new MarketFeedDecoder(registry, handler), listener, new Random(1));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.stop();
        }
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        for (final String event : events) {
            assertFalse(event.contains(TOKEN) || event.contains(STALE_TOKEN) || event.contains("code="), "a secret leaked into: " + event);
        }
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private long count(final String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }

    private JsonNode nextRequest() throws Exception {
        final String text = server.received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(text, "a subscription request");
        return json.readTree(text);
    }

    private static byte[] ltpcFrame(final String key, final double ltp) {
        return FeedResponse.newBuilder().setType(Type.live_feed).setCurrentTs(1_700_000_000_500L)
            .putFeeds(key, Feed.newBuilder().setLtpc(LTPC.newBuilder().setLtp(ltp).setLtt(1_700_000_000_400L)).build()).build().toByteArray();
    }

    private static List<String> keys(final JsonNode request) {
        final List<String> keys = new ArrayList<>();
        request.path("data").path("instrumentKeys").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    @Test
    void shouldAuthorizeWithTheBearerTokenSubscribeAndDecodeFramesFromTheSocket() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        client.subscribe(List.of(RELIANCE, NIFTY), MarketFeedClient.MODE_LTPC);
        client.subscribe(List.of(OPTION), MarketFeedClient.MODE_FULL);
        client.start();

        await("connected", () -> count("connected") == 1);
        final JsonNode first = nextRequest();
        final JsonNode second = nextRequest();
        assertEquals("sub", first.path("method").asText());
        assertEquals("ltpc", first.path("data").path("mode").asText());
        assertEquals(List.of(RELIANCE, NIFTY), keys(first));
        assertEquals("full", second.path("data").path("mode").asText());
        assertEquals(List.of(OPTION), keys(second));
        assertNotEquals(first.path("guid").asText(), second.path("guid").asText());
        assertEquals(List.of("Bearer " + TOKEN), server.authorizationHeaders);

        assertEquals("NSE_EQ=2", ticks.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS), "market_info comes first");
        server.broadcast(ltpcFrame(RELIANCE, 2_950.05));
        assertEquals(RELIANCE + "@2950.05", ticks.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldAuthorizeAndStreamOverTlsWithTheHostNameVerified(@TempDir final Path dir) throws Exception {
        final Path keyStore = dir.resolve("feed.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "feed", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keyStore.toString(),
            "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a certificate");
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        final SslContext serverTls = SslContextBuilder.forServer(keys).build();
        final SslContext clientTls = SslContextBuilder.forClient().trustManager((X509Certificate) store.getCertificate("feed"))
            .endpointIdentificationAlgorithm("HTTPS").build();
        tokens.current = TOKEN;
        startServerAndClient(TOKEN, serverTls, clientTls);
        client.subscribe(List.of(RELIANCE), MarketFeedClient.MODE_LTPC);
        client.start();

        await("connected over TLS", () -> count("connected") == 1);
        assertTrue(server.baseUrl().startsWith("https://"));
        assertEquals("sub", nextRequest().path("method").asText());
        server.broadcast(ltpcFrame(RELIANCE, 77.25));
        await("a tick over wss", () -> ticks.contains(RELIANCE + "@77.25"));
    }

    @Test
    void shouldRefuseATlsServerWhoseCertificateIsNotTrusted() throws Exception {
        final SslContext serverTls;
        final Path dir = Files.createTempDirectory("feed-tls");
        final Path keyStore = dir.resolve("other.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "feed", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(),
            "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0);
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        serverTls = SslContextBuilder.forServer(keys).build();
        tokens.current = TOKEN;
        startServerAndClient(TOKEN, serverTls, null); // the default context: JDK trust store, which does not know this certificate
        client.start();

        await("a refused handshake", () -> count("disconnected") >= 1);
        assertEquals(0, count("connected"));
        assertEquals(0, server.authorizeCalls.get(), "no request, and so no token, went to an untrusted server");
        Files.deleteIfExists(keyStore);
        Files.deleteIfExists(dir);
    }

    @Test
    void shouldChangeModeAndUnsubscribeOnTheOpenConnectionWithoutReconnecting() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        client.subscribe(List.of(RELIANCE, NIFTY), MarketFeedClient.MODE_LTPC);
        client.start();
        await("connected", () -> count("connected") == 1);
        nextRequest();

        client.subscribe(List.of(RELIANCE, OPTION), MarketFeedClient.MODE_FULL);
        client.unsubscribe(List.of(NIFTY));

        final JsonNode sub = nextRequest();
        final JsonNode change = nextRequest();
        final JsonNode unsub = nextRequest();
        assertEquals("sub", sub.path("method").asText());
        assertEquals(List.of(OPTION), keys(sub));
        assertEquals("change_mode", change.path("method").asText());
        assertEquals("full", change.path("data").path("mode").asText());
        assertEquals(List.of(RELIANCE), keys(change));
        assertEquals("unsub", unsub.path("method").asText());
        assertTrue(unsub.path("data").path("mode").isMissingNode(), "unsub carries no mode");
        assertEquals(List.of(NIFTY), keys(unsub));
        assertEquals(1, server.handshakes.get());
    }

    @Test
    void shouldAuthorizeAgainAndResubscribeEverythingAfterTheServerDropsTheConnection() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        client.subscribe(List.of(RELIANCE), MarketFeedClient.MODE_LTPC);
        client.subscribe(List.of(OPTION), MarketFeedClient.MODE_FULL_D30);
        client.start();
        await("connected", () -> count("connected") == 1);
        nextRequest();
        nextRequest();

        server.dropAll();

        await("reconnected", () -> count("connected") == 2);
        assertTrue(count("disconnected") >= 1);
        assertEquals(2, server.authorizeCalls.get(), "a single-use URI: authorize again before reconnecting");
        // the fake server counts a handshake once its 101 is written, which can trail the client's "connected"
        await("the server to count the second handshake", () -> server.handshakes.get() == 2);
        final JsonNode a = nextRequest();
        final JsonNode b = nextRequest();
        assertEquals(List.of(RELIANCE), keys(a));
        assertEquals("ltpc", a.path("data").path("mode").asText());
        assertEquals(List.of(OPTION), keys(b));
        assertEquals("full_d30", b.path("data").path("mode").asText());
        ticks.clear();
        server.broadcast(ltpcFrame(OPTION, 101.5));
        await("a tick after the reconnect", () -> ticks.contains(OPTION + "@101.5"));
    }

    @Test
    void shouldStayConnectedThroughASilentMarketWhileItsPingsAreAnswered() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        client.start();
        await("connected", () -> count("connected") == 1);

        await("a dozen pings", () -> server.pingsSeen.get() >= 12); // ~1.2 s of silence, twice the pong timeout

        assertEquals(0, count("disconnected"), "no false alarm: " + events);
        assertEquals(0, client.connection().livenessDrops());
    }

    @Test
    void shouldDropAndRebuildAConnectionWhosePingGoesUnanswered() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        client.start();
        await("connected", () -> count("connected") == 1);

        server.answerPings = false; // a half-open socket: nothing comes back
        await("liveness drop", () -> events.stream().anyMatch(e -> e.startsWith("disconnected") && e.contains("no answer to our ping")));
        server.answerPings = true;

        await("reconnected", () -> count("connected") >= 2);
        assertTrue(client.connection().livenessDrops() >= 1);
    }

    @Test
    void shouldReloadARefusedTokenAndConnectWithTheFreshOne() throws Exception {
        tokens.current = STALE_TOKEN;
        tokens.onReload = TOKEN;
        startServerAndClient(TOKEN);
        client.start();

        await("connected", () -> count("connected") == 1);
        assertEquals(List.of("Bearer " + STALE_TOKEN, "Bearer " + TOKEN), server.authorizationHeaders);
        assertEquals(1, tokens.reloads);
        assertEquals(1, client.connection().tokenRefusals());
    }

    @Test
    void shouldPauseWithAClearAlertAndNoRetryLoopWhenNoFreshTokenExistsThenResumeWhenOneAppears() throws Exception {
        tokens.current = STALE_TOKEN;
        tokens.onReload = STALE_TOKEN;
        startServerAndClient(TOKEN);
        client.start();

        await("paused", () -> count("paused") == 1);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("paused") && e.contains("refused the access token")), events.toString());
        Thread.sleep(1_000); // three token re-checks go by
        assertEquals(1, server.authorizeCalls.get(), "paused: no authorize attempts while the token is the refused one");
        assertEquals(1, count("paused"), "one alert, not one per re-check");

        tokens.onReload = TOKEN; // the user saved a fresh token
        await("connected", () -> count("connected") == 1);
        assertEquals(2, server.authorizeCalls.get());
    }

    @Test
    void shouldBackOffExponentiallyWhileTheFeedRefusesConnectionsThenRecover() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        server.refuseWebSocket = true;
        client.start();

        await("five failures", () -> count("disconnected") >= 5);
        final List<Long> delays = new ArrayList<>();
        for (final String e : events) {
            if (e.startsWith("disconnected")) {
                delays.add(Long.parseLong(e.split(":")[1]));
            }
        }
        assertTrue(delays.get(0) <= 50 / 4, "the first retry comes at once, within the jitter: " + delays);
        final long[] steps = {50, 100, 200, 400};
        for (int i = 0; i < steps.length; i++) {
            final long delay = delays.get(i + 1);
            assertTrue(delay <= steps[i] && delay >= steps[i] * 3 / 4, "attempt " + (i + 1) + " waited " + delay + ": " + delays);
        }
        server.refuseWebSocket = false;
        await("connected", () -> count("connected") == 1);
    }

    @Test
    void shouldRetryAtOnceWhenAHealthyConnectionDropsThenWaitAtMostOneStepPerFailure() throws Exception {
        tokens.current = TOKEN;
        healthyResetMs = 150;
        startServerAndClient(TOKEN);
        client.subscribe(List.of(RELIANCE), MarketFeedClient.MODE_LTPC);
        client.start();
        await("connected", () -> count("connected") == 1);
        nextRequest();
        Thread.sleep(400); // open longer than healthyResetMs: the backoff is back at its first step

        server.refuseWebSocket = true; // the server is down for a while
        server.dropAll();
        await("three retries", () -> count("disconnected") >= 4);
        final List<Long> delays = new ArrayList<>();
        for (final String e : events) {
            if (e.startsWith("disconnected")) {
                delays.add(Long.parseLong(e.split(":")[1]));
            }
        }
        assertTrue(delays.get(0) <= 50 / 4, "the drop of a healthy connection is retried at once: " + delays);
        assertTrue(delays.get(1) >= 37 && delays.get(1) <= 50, "then the first step, never more: " + delays);
        assertTrue(delays.get(2) >= 75 && delays.get(2) <= 100, "then the second: " + delays);

        server.refuseWebSocket = false; // back: the next attempt connects and resubscribes
        await("reconnected", () -> count("connected") == 2);
        assertEquals(List.of(RELIANCE), keys(nextRequest()));
    }

    @Test
    void shouldReportAMalformedFrameAndKeepTheConnection() throws Exception {
        tokens.current = TOKEN;
        startServerAndClient(TOKEN);
        client.subscribe(List.of(RELIANCE), MarketFeedClient.MODE_LTPC);
        client.start();
        await("connected", () -> count("connected") == 1);

        final byte[] good = ltpcFrame(RELIANCE, 10.5);
        server.broadcast(java.util.Arrays.copyOf(good, good.length - 3));
        server.broadcast(good);

        await("the good frame", () -> ticks.contains(RELIANCE + "@10.5"));
        await("a bad-frame report", () -> count("bad-frame") == 1);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("bad-frame") && e.contains("at byte")), events.toString());
        assertEquals(1, count("connected"));
    }
}

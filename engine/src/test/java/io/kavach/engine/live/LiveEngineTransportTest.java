package io.kavach.engine.live;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.kavach.engine.live.LiveSimRig.RELIANCE;
import static io.kavach.engine.live.LiveSimRig.awaitTrue;
import static io.kavach.engine.live.LiveSimRig.priceRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole live engine on each writer-loop transport: feeds (authorize, WebSocket over TLS), the order
 * pool and the admin port all open channels of the loop's own kind, so a tick fires a rule and its order
 * reaches the simulator, and the admin port answers. NIO forced is the fallback where epoll is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveEngineTransportTest {
    @ParameterizedTest(name = "{0}, spin {1} µs")
    @CsvSource({"nio, 0", "epoll, 0", "epoll, 100"})
    void shouldTradeAndAnswerTheAdminPortOnTheChosenTransport(final String transport, final long spinMicros) throws Exception {
        final LoopTransport kind = LoopTransport.parse(transport);
        assumeTrue(kind != LoopTransport.EPOLL || Epoll.isAvailable(), "epoll not available here");
        try (LiveSimRig rig = LiveSimRig.start(b -> b, TokenSources.fixed(io.kavach.sim.SimulatorConfig.DEFAULT_TOKEN),
            s -> s.withWriterLoop(new WriterLoopSettings(kind, spinMicros)));
             AdminServer admin = AdminServer.start(rig.engine, 0)) {
            assertEquals(kind, rig.engine.writer().transport());
            rig.rules.add(priceRule(1, "stop", RELIANCE, "lte", 2400.0, "ltp"));
            rig.awaitSubscribed(RELIANCE, "ltpc");
            rig.tick(RELIANCE, 2390.0);
            awaitTrue(() -> rig.sim.orders().size() == 1, "order placed at the simulator");
            assertEquals(RELIANCE, rig.sim.orders().get(0).path("instrument_token").asText());
            try (Socket s = new Socket(AdminServer.LOOPBACK, admin.port())) {
                s.setSoTimeout(5_000);
                final OutputStream out = s.getOutputStream();
                out.write("status\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final String first = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertEquals("exit 0", first);
            }
            assertTrue(rig.sim.marketFeed().problems().isEmpty(), rig.sim.marketFeed().problems().toString());
            assertEquals(1, rig.marketConnects(), rig.engine.feedEvents().toString());
        }
    }
}

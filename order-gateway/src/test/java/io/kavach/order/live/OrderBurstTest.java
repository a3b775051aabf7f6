package io.kavach.order.live;

import io.kavach.config.Prices;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderIntent;
import io.kavach.order.limit.RateLimits;
import io.kavach.order.testserver.RecordingOrderEventHandler.Ack;
import io.kavach.order.testserver.RouterHarness;
import io.kavach.order.testserver.UpstoxTestServer;
import io.kavach.order.testserver.UpstoxTestServer.Fault;
import io.kavach.order.testserver.UpstoxTestServer.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 intents at once (2,000 exits submitted after 8,000 entries) against the loopback server
 * with seeded 429s, 5xx (placed and not placed), silent timeouts (placed and not placed) and
 * unreadable answers, on both order calls and reads. Upstox's real default limits (10/s, 500/min,
 * 2,000 per 30 min) are enforced; the test runs in seconds because time is a fake clock shared by
 * router and server, advanced from one wake-up of the router to the next only when every request
 * written has arrived and every answer sent has been read — so server arrival times are exact.
 */
class OrderBurstTest {
    private static final int ENTRIES = 8_000;
    private static final int EXITS = 2_000;

    @Test
    void shouldNeverExceedLimitsNorPlaceTwiceAndSendExitsFirstUnderABurstWithFaults() throws Exception {
        final long seed = Long.getLong("burst.seed", new Random().nextLong());
        System.out.println("OrderBurstTest seed " + seed + " (rerun with -Dburst.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<Fault, Integer> injected = new HashMap<>();
        try (RouterHarness h = new RouterHarness(RouterHarness.SESSION_MS, c -> c
                .marketHoursCheck(false)          // the burst spans more than a session of fake time
                .verifyAttemptsMax(0)             // fates are settled by answers and lookups here
                .reconcileIntervalMs(30 * 60_000L)
                .retryAttemptsMax(8)
                .retryWindowMs(24 * 3_600_000L))) {
            h.server.faultPlan((r, i, body) -> {
                final double x = random.nextDouble();
                final Fault f;
                if (r.isOrderCall()) {
                    f = x < 0.05 ? Fault.HTTP_429 : x < 0.08 ? Fault.HTTP_500_NOT_PLACED : x < 0.11 ? Fault.HTTP_500_PLACED
                            : x < 0.13 ? Fault.SILENT_PLACED : x < 0.15 ? Fault.SILENT_NOT_PLACED : x < 0.16 ? Fault.GARBAGE_PLACED : Fault.NONE;
                } else {
                    f = x < 0.03 ? Fault.HTTP_429 : x < 0.05 ? Fault.HTTP_500_NOT_PLACED : x < 0.06 ? Fault.SILENT_NOT_PLACED : Fault.NONE;
                }
                injected.merge(f, 1, Integer::sum);
                return f;
            });

            final long started = System.nanoTime();
            h.onLoop(() -> {
                final OrderIntent in = new OrderIntent();
                for (int i = 1; i <= ENTRIES + EXITS; i++) {
                    final boolean exit = i > ENTRIES;
                    in.reset().place(i, exit ? OrderCodes.SIDE_SELL : OrderCodes.SIDE_BUY, 1 + i % 50)
                            .orderType(OrderCodes.TYPE_LIMIT).price(Prices.toFixed(100 + i % 17)).exit(exit)
                            .instrumentKey("NSE_EQ|INE" + (i % 200) + "A01018").tag((exit ? "x-" : "e-") + i);
                    h.router.submit(in);
                }
                return null;
            });
            h.runUntil(() -> resolved(h) == ENTRIES + EXITS, RouterHarness.SESSION_MS + 48 * 3_600_000L);
            final double seconds = (System.nanoTime() - started) / 1e9;

            final List<Request> requests = h.server.requests();
            final List<Long> orderArrivals = new ArrayList<>();
            final List<Long> readArrivals = new ArrayList<>();
            for (final Request r : requests) {
                (r.isOrderCall() ? orderArrivals : readArrivals).add(r.arrivalEpochMs);
            }
            final RateLimits orderLimits = RateLimits.orderDefaults();
            final RateLimits readLimits = RateLimits.readDefaults();
            assertEquals(0, violations(orderArrivals, orderLimits), "order-call limit violations seen by the server");
            assertEquals(0, violations(readArrivals, readLimits), "read limit violations seen by the server");

            final Map<String, Integer> ordersPerTag = new HashMap<>();
            for (final UpstoxTestServer.Order o : h.server.orders()) {
                ordersPerTag.merge(o.tag, 1, Integer::sum);
            }
            int accepted = 0;
            int failed = 0;
            final Map<Long, Ack> last = h.onLoop(() -> lastAcks(h));
            for (int i = 1; i <= ENTRIES + EXITS; i++) {
                final String tag = (i > ENTRIES ? "x-" : "e-") + i;
                final int atBroker = ordersPerTag.getOrDefault(tag, 0);
                assertTrue(atBroker <= 1, "duplicate orders for " + tag + ": " + atBroker);
                final Ack ack = last.get((long) i);
                if (ack.code == AckCode.ACCEPTED) {
                    accepted++;
                    assertEquals(1, atBroker, "accepted " + tag + " is at the broker");
                } else {
                    assertEquals(AckCode.FAILED, ack.code, "final ack of " + tag + ": " + ack);
                    failed++;
                    assertEquals(0, atBroker, "failed " + tag + " must not be at the broker");
                }
            }

            // exits first: every exit's first attempt left no later than any entry's first attempt,
            // apart from the entries that took the idle connections before the exits were submitted
            final Map<String, Long> firstAttempt = new HashMap<>();
            for (final Request r : requests) {
                if (r.path.equals("/v3/order/place")) {
                    firstAttempt.putIfAbsent(r.tag, r.arrivalEpochMs);
                }
            }
            long lastExitFirst = Long.MIN_VALUE;
            for (int i = ENTRIES + 1; i <= ENTRIES + EXITS; i++) {
                lastExitFirst = Math.max(lastExitFirst, firstAttempt.get("x-" + i));
            }
            final int connections = h.config.orderConnections();
            int entriesBeforeExits = 0;
            for (int i = 1; i <= ENTRIES; i++) {
                if (firstAttempt.get("e-" + i) < lastExitFirst) {
                    entriesBeforeExits++;
                }
            }
            assertTrue(entriesBeforeExits <= connections,
                    "only the entries sent before the exits were submitted may precede them: " + entriesBeforeExits);

            final long fakeHours = (h.clock.time() - RouterHarness.SESSION_MS) / 3_600_000L;
            System.out.printf("burst: %d intents, %d order calls, %d reads, accepted %d, failed %d, 429s %d, lookups %d, "
                            + "duplicates prevented %d, bad answers %d, timeouts %d, injected %s; %.1f s real, ~%d h fake%n",
                    ENTRIES + EXITS, orderArrivals.size(), readArrivals.size(), accepted, failed, h.onLoop(h.router::http429),
                    h.onLoop(h.router::lookups), h.onLoop(h.router::duplicatesPrevented), h.onLoop(h.router::badAnswers),
                    h.onLoop(h.router::timeouts), injected, seconds, fakeHours);
            assertEquals(0L, h.onLoop(h.router::duplicatesDetected), "no second order ever reached the broker");
            assertTrue(h.onLoop(h.router::duplicatesPrevented) > 0, "the faults did exercise the lookup path");
            assertTrue(h.onLoop(h.router::http429) > 0, "the faults did exercise the 429 path");
        }
    }

    private static int resolved(final RouterHarness h) {
        final Map<Long, Ack> last = lastAcks(h);
        int n = 0;
        for (final Ack a : last.values()) {
            if (a.code == AckCode.ACCEPTED || a.code == AckCode.FAILED || a.code == AckCode.REJECTED) {
                n++;
            }
        }
        return n;
    }

    private static Map<Long, Ack> lastAcks(final RouterHarness h) {
        final Map<Long, Ack> last = new HashMap<>();
        for (final Ack a : h.events.acks) {
            last.put(a.intentId, a);
        }
        return last;
    }

    /** Windows holding more than the limit: for each limit N per W, any i with t[i+N] - t[i] < W. */
    static int violations(final List<Long> arrivals, final RateLimits limits) {
        int violations = 0;
        for (int l = 0; l < limits.size(); l++) {
            final int n = limits.count(l);
            final long w = limits.windowMs(l);
            for (int i = 0; i + n < arrivals.size(); i++) {
                if (arrivals.get(i + n) - arrivals.get(i) < w) {
                    violations++;
                }
            }
        }
        return violations;
    }
}

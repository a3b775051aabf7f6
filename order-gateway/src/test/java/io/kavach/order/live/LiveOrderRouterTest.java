package io.kavach.order.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.config.Prices;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;
import io.kavach.order.SubmitResult;
import io.kavach.order.testserver.RecordingOrderEventHandler.Ack;
import io.kavach.order.testserver.RouterHarness;
import io.kavach.order.testserver.UpstoxTestServer;
import io.kavach.order.testserver.UpstoxTestServer.Fault;
import io.kavach.order.testserver.UpstoxTestServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live router against a real loopback HTTP server with injected faults and a fake clock. */
class LiveOrderRouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "NSE_EQ|INE002A01018";
    private RouterHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private RouterHarness harness(final long startMs, final Consumer<io.kavach.order.OrderGatewayConfig> tweak) throws Exception {
        h = new RouterHarness(startMs, tweak);
        return h;
    }

    private RouterHarness harness() throws Exception {
        return harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(3_600_000));
    }

    private static long ist(final int hour, final int minute) {
        return ZonedDateTime.of(2026, 11, 20, hour, minute, 0, 0, ZoneId.of("Asia/Kolkata")).toInstant().toEpochMilli();
    }

    private static OrderIntent limitBuy(final long intentId, final String tag) {
        return new OrderIntent().place(intentId, OrderCodes.SIDE_BUY, 10).orderType(OrderCodes.TYPE_LIMIT)
                .price(Prices.toFixed(1234.5)).instrumentKey(KEY).tag(tag);
    }

    private List<Request> requests(final String path) {
        return h.server.requests().stream().filter(r -> r.path.equals(path)).collect(Collectors.toList());
    }

    private long ordersWithTag(final String tag) {
        return h.server.orders().stream().filter(o -> tag.equals(o.tag)).count();
    }

    private List<Ack> acks(final long intentId) {
        return h.onLoop(() -> List.copyOf(h.events.acksFor(intentId)));
    }

    @Test
    void shouldPlaceWithBearerTokenAlgoNameAndDeliveryProductByDefault() throws Exception {
        harness();
        final int result = h.submit(limitBuy(1, "k-1-a"));
        h.awaitQuiet(5_000);

        assertEquals(SubmitResult.SENT, result);
        final List<Request> places = requests("/v3/order/place");
        assertEquals(1, places.size());
        final Request r = places.get(0);
        assertEquals("POST", r.method);
        assertEquals("Bearer " + RouterHarness.TOKEN, r.authorization);
        assertEquals("kavach-test", r.algoName);
        final JsonNode body = JSON.readTree(r.body);
        assertEquals(10, body.get("quantity").asInt());
        assertEquals("D", body.get("product").asText());
        assertEquals("DAY", body.get("validity").asText());
        assertEquals(1234.5, body.get("price").asDouble());
        assertEquals("k-1-a", body.get("tag").asText());
        assertEquals(KEY, body.get("instrument_token").asText());
        assertEquals("LIMIT", body.get("order_type").asText());
        assertEquals("BUY", body.get("transaction_type").asText());
        assertEquals(0, body.get("trigger_price").asDouble());
        assertFalse(body.get("is_amo").asBoolean());

        final List<Ack> acks = acks(1);
        assertEquals(1, acks.size());
        assertEquals(AckCode.ACCEPTED, acks.get(0).code);
        assertEquals(h.server.orders().get(0).orderId, acks.get(0).brokerOrderId);
    }

    @Test
    void shouldSendIntradayProductWhenIntentAsksForIt() throws Exception {
        harness();
        h.submit(limitBuy(1, "k-i").product(OrderCodes.PRODUCT_I));
        h.awaitQuiet(5_000);
        assertEquals("I", JSON.readTree(requests("/v3/order/place").get(0).body).get("product").asText());
    }

    @Test
    void shouldNotPlaceAgainWhenPlacementTimedOutButTheBrokerHasTheOrder() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.SILENT_PLACED));
        h.submit(limitBuy(7, "k-7"));
        h.advanceBy(5_000 + 2_000 + 100); // request timeout, then the lookup settle delay

        assertEquals(1, requests("/v3/order/place").size(), "placed exactly once");
        assertEquals(1, requests("/v2/order/history").size(), "looked up by tag before any retry");
        assertEquals("tag=k-7", requests("/v2/order/history").get(0).query);
        assertEquals(1, ordersWithTag("k-7"));
        final List<Ack> acks = acks(7);
        assertEquals(1, acks.size());
        assertEquals(AckCode.ACCEPTED, acks.get(0).code);
        assertEquals(h.server.orders().get(0).orderId, acks.get(0).brokerOrderId);
        assertEquals(1L, h.onLoop(h.router::duplicatesPrevented));
    }

    @Test
    void shouldNotPlaceAgainWhenServerErrorCameAfterTheBrokerTookTheOrder() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.HTTP_500_PLACED));
        h.submit(limitBuy(8, "k-8"));
        h.advanceBy(30_000);
        assertEquals(1, requests("/v3/order/place").size());
        assertEquals(1, ordersWithTag("k-8"));
        assertEquals(AckCode.ACCEPTED, acks(8).get(0).code);
    }

    @Test
    void shouldRetryAfterServerErrorOnlyOnceHistoryShowsNoOrderWithTheTag() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.HTTP_500_NOT_PLACED));
        h.submit(limitBuy(9, "k-9"));
        h.advanceBy(60_000);

        final List<Request> all = h.server.requests();
        final List<String> paths = all.stream().map(r -> r.path).filter(p -> !p.contains("positions") && !p.contains("retrieve-all")
                && !p.contains("details")).collect(Collectors.toList());
        assertEquals(List.of("/v3/order/place", "/v2/order/history", "/v3/order/place"), paths);
        assertEquals(1, ordersWithTag("k-9"));
        final List<Ack> acks = acks(9);
        assertEquals(AckCode.RETRY_PENDING, acks.get(0).code);
        assertEquals(AckCode.ACCEPTED, acks.get(1).code);
        final OrderView o = h.onLoop(() -> h.router.order(9));
        assertEquals(1, o.retryCount());
        assertTrue(o.firstFailureEpochMs() > 0 && o.lastRetryEpochMs() > o.firstFailureEpochMs());
        assertTrue(o.placedEpochMs() > 0 && o.placedEpochMs() <= o.firstFailureEpochMs(), "first send, not the retry");
    }

    @Test
    void shouldLookUpByTagWhenTheAnswerIsUnreadableAndLogTheRawBodyWithoutTheToken() throws Exception {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            harness();
            h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.GARBAGE_PLACED));
            h.submit(limitBuy(11, "k-11"));
            h.advanceBy(10_000);
        } finally {
            System.setErr(original);
        }
        assertEquals(1, requests("/v3/order/place").size());
        assertEquals(1, ordersWithTag("k-11"));
        assertEquals(AckCode.ACCEPTED, acks(11).get(0).code);
        assertEquals(1L, h.onLoop(h.router::badAnswers));
        final String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("<html>gateway hiccup</html>"), "raw body logged: " + log);
        assertFalse(log.contains(RouterHarness.TOKEN), "token never logged");
    }

    @Test
    void shouldTreatSuccessWithoutOrderIdAsUnknownAndFindTheOrderByTag() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.SUCCESS_WITHOUT_ID_PLACED));
        final String log = capturingStderr(() -> {
            h.submit(limitBuy(12, "k-12"));
            h.awaitQuiet(5_000);
        });
        assertTrue(log.contains("unreadable broker answer to place") && log.contains("raw body: {"), log);
        assertEquals(1L, h.onLoop(h.router::badAnswers));
        assertEquals(OrderStatus.SUBMITTED, h.onLoop(() -> h.router.order(12).status()), "held: outcome unknown until the lookup");
        assertTrue(acks(12).isEmpty(), "nothing acknowledged before the lookup");
        h.advanceBy(10_000);
        assertEquals(1, requests("/v3/order/place").size());
        assertEquals(AckCode.ACCEPTED, acks(12).get(0).code);
        assertNotNull(acks(12).get(0).brokerOrderId);
    }

    @Test
    void shouldBackOffAfter429AndResendTheSameOrderOnce() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.HTTP_429));
        h.submit(limitBuy(13, "k-13"));
        h.advanceBy(5_000);
        final List<Request> places = requests("/v3/order/place");
        assertEquals(2, places.size());
        assertTrue(places.get(1).arrivalEpochMs - places.get(0).arrivalEpochMs >= io.kavach.order.OrderGatewayConfig.BACKOFF_429_MS_DEFAULT);
        assertEquals(1, ordersWithTag("k-13"));
        assertEquals(0, h.onLoop(() -> h.router.order(13).retryCount()), "a 429 is not an attempt");
        assertEquals(1L, h.onLoop(h.router::http429));
    }

    @Test
    void shouldRejectOnBrokerValidationErrorWithItsReasonAndListItAsFailed() throws Exception {
        harness();
        h.server.faultPlan((r, i, body) -> r.path.equals("/v3/order/place") ? Fault.REJECT_400 : Fault.NONE);
        h.submit(limitBuy(14, "k-14"));
        h.awaitQuiet(5_000);
        final Ack ack = acks(14).get(0);
        assertEquals(AckCode.REJECTED, ack.code);
        assertEquals(OrderStatus.REJECTED, ack.status);
        assertEquals("UDAPI1052: Insufficient funds", ack.reason);
        assertEquals(1, h.onLoop(() -> h.router.failedOrders().size()));

        h.server.faultPlan((r, i, body) -> Fault.NONE);
        assertEquals(SubmitResult.QUEUED, (int) h.onLoop(() -> h.router.retryFailed(14)));
        h.advanceBy(1_000);
        assertEquals(2, requests("/v3/order/place").size());
        assertEquals(AckCode.ACCEPTED, acks(14).get(1).code);
        assertEquals(0, h.onLoop(() -> h.router.failedOrders().size()));
    }

    @Test
    void shouldDropAFailedOrderForGood() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(3_600_000).retryAttemptsMax(1));
        h.server.faultPlan((r, i, body) -> r.path.equals("/v3/order/place") ? Fault.HTTP_500_NOT_PLACED : Fault.NONE);
        h.submit(limitBuy(15, "k-15"));
        h.advanceBy(60_000);
        final List<Ack> acks = acks(15);
        assertEquals(AckCode.FAILED, acks.get(acks.size() - 1).code);
        assertEquals(2, requests("/v3/order/place").size(), "one try and one retry");
        assertEquals(1, h.onLoop(() -> h.router.failedOrders().size()));
        assertEquals(SubmitResult.HANDLED_LOCALLY, (int) h.onLoop(() -> h.router.dropFailed(15)));
        assertEquals(0, h.onLoop(() -> h.router.failedOrders().size()));
        assertEquals(SubmitResult.NOT_FAILED, (int) h.onLoop(() -> h.router.retryFailed(15)));
    }

    @Test
    void shouldSendExitsAndCancelsBeforeQueuedEntries() throws Exception {
        // one connection, so arrival order at the server is send order
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(3_600_000).orderConnections(1));
        final OrderIntent intent = new OrderIntent();
        h.onLoop(() -> {
            // all in one event-loop turn: e-1 takes the idle connection, everything else queues
            for (int i = 1; i <= 15; i++) {
                h.router.submit(intent.reset().place(i, OrderCodes.SIDE_BUY, 10).orderType(OrderCodes.TYPE_LIMIT)
                        .price(Prices.toFixed(100)).instrumentKey(KEY).tag("e-" + i));
            }
            h.router.submit(intent.reset().place(100, OrderCodes.SIDE_SELL, 10).instrumentKey(KEY).tag("x-100").exit(true));
            h.router.submit(intent.reset().cancel(101, 1)); // parked until e-1 has a broker id
            return null;
        });
        h.advanceBy(3_000);
        final List<Request> calls = h.server.requests().stream().filter(Request::isOrderCall).collect(Collectors.toList());
        assertEquals(17, calls.size());
        assertEquals("e-1", calls.get(0).tag);
        assertEquals("x-100", calls.get(1).tag, "the exit jumps the queued entries");
        assertTrue(calls.get(2).path.startsWith("/v3/order/cancel"), "then the cancel, once e-1 had an id");
        for (int i = 3; i < 17; i++) {
            assertEquals("e-" + (i - 1), calls.get(i).tag, "entries in submit order");
        }
        assertEquals(calls.get(0).arrivalEpochMs, calls.get(9).arrivalEpochMs, "10 in the first second");
        assertTrue(calls.get(10).arrivalEpochMs >= calls.get(0).arrivalEpochMs + 1_000, "the 11th waits for the window");
    }

    @Test
    void shouldCancelLocallyWhenThePlaceHasNotBeenSent() throws Exception {
        harness();
        for (int i = 1; i <= 11; i++) {
            h.submit(limitBuy(i, "e-" + i));
        }
        final int r = h.submit(new OrderIntent().cancel(200, 11));
        assertEquals(SubmitResult.HANDLED_LOCALLY, r);
        h.advanceBy(3_000);
        assertEquals(0, ordersWithTag("e-11"));
        assertEquals(AckCode.NOOP, acks(200).get(0).code);
        assertEquals(OrderStatus.CANCELLED, h.onLoop(() -> h.router.order(11).status()));
    }

    @Test
    void shouldModifyAndCancelByBrokerOrderId() throws Exception {
        harness();
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final String id = h.server.orders().get(0).orderId;
        h.submit(new OrderIntent().modify(2, 1).orderType(OrderCodes.TYPE_LIMIT).quantity(20).price(Prices.toFixed(1200.25)));
        h.awaitQuiet(5_000);
        final Request modify = requests("/v3/order/modify").get(0);
        assertEquals("PUT", modify.method);
        final JsonNode mb = JSON.readTree(modify.body);
        assertEquals(id, mb.get("order_id").asText());
        assertEquals(20, mb.get("quantity").asInt());
        assertEquals(1200.25, mb.get("price").asDouble());
        assertEquals("LIMIT", mb.get("order_type").asText());
        assertEquals(AckCode.ACCEPTED, acks(2).get(0).code);
        assertEquals(20, h.server.order(id).quantity);

        h.submit(new OrderIntent().cancel(3, 1));
        h.awaitQuiet(5_000);
        final Request cancel = requests("/v3/order/cancel").get(0);
        assertEquals("DELETE", cancel.method);
        assertEquals("order_id=" + id, cancel.query);
        assertEquals(AckCode.ACCEPTED, acks(3).get(0).code);
        h.advanceBy(3_000); // verification read confirms the cancel
        assertEquals(OrderStatus.CANCELLED, h.onLoop(() -> h.router.order(1).status()));
    }

    @Test
    void shouldKeepTheOrdersCurrentValuesForFieldsAModifyLeavesUnchanged() throws Exception {
        harness();
        h.submit(new OrderIntent().place(1, OrderCodes.SIDE_SELL, 5).orderType(OrderCodes.TYPE_SL).price(Prices.toFixed(1200))
                .triggerPrice(Prices.toFixed(1205)).validity(OrderCodes.VALIDITY_DAY).instrumentKey(KEY).tag("k-1").exit(true));
        h.awaitQuiet(5_000);
        final String id = h.server.orders().get(0).orderId;
        // a rule that only moves the stop: quantity, type, validity and price stay as they are
        assertEquals(SubmitResult.SENT, h.submit(new OrderIntent().modify(2, 1).triggerPrice(Prices.toFixed(1210))));
        h.awaitQuiet(5_000);
        final JsonNode mb = JSON.readTree(requests("/v3/order/modify").get(0).body);
        assertEquals(id, mb.get("order_id").asText());
        assertFalse(mb.has("quantity"), "an unchanged quantity is left to the broker: " + mb);
        assertEquals("SL", mb.get("order_type").asText());
        assertEquals("DAY", mb.get("validity").asText());
        assertEquals(1200.0, mb.get("price").asDouble());
        assertEquals(1210.0, mb.get("trigger_price").asDouble());
        assertEquals(AckCode.ACCEPTED, acks(2).get(0).code);
        assertEquals(5, h.server.order(id).quantity);
        assertEquals(Prices.toFixed(1210), (long) h.onLoop(() -> h.router.order(1).triggerPrice()));
        assertEquals(5, (long) h.onLoop(() -> h.router.order(1).quantity()));
    }

    @Test
    void shouldRefuseAModifyThatWouldLeaveAStopWithoutATriggerAndSendNothing() throws Exception {
        harness();
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        assertEquals(SubmitResult.INVALID_INTENT, h.submit(new OrderIntent().modify(2, 1).orderType(OrderCodes.TYPE_SL)));
        h.awaitQuiet(5_000);
        assertEquals(0, requests("/v3/order/modify").size());
        assertEquals(1, (long) h.onLoop(h.router::invalidIntents));
        assertEquals(AckCode.REJECTED, acks(2).get(0).code, "the engine hears the refusal");
    }

    @Test
    void shouldRefuseAndLogAPlaceWithoutATagBecauseItCouldNeverBeLookedUp() throws Exception {
        harness();
        final OrderIntent untagged = new OrderIntent().place(1, OrderCodes.SIDE_BUY, 10).orderType(OrderCodes.TYPE_LIMIT)
                .price(Prices.toFixed(1234.5)).instrumentKey(KEY);
        final String log = capturingStderr(() -> assertEquals(SubmitResult.INVALID_INTENT, h.submit(untagged)));
        assertTrue(log.contains("place intent 1") && log.contains("not sent") && log.contains("tag empty"), log);
        h.awaitQuiet(5_000);
        assertEquals(0, requests("/v3/order/place").size());
        assertEquals(1, (long) h.onLoop(h.router::invalidIntents));
        assertEquals(AckCode.REJECTED, acks(1).get(0).code, "the engine hears the refusal");
    }

    @Test
    void shouldConfirmANewOrderWithAnOrderDetailsReadWithinSeconds() throws Exception {
        harness();
        h.server.initialStatus("put order req received");
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        assertEquals(OrderStatus.SUBMITTED, h.onLoop(() -> h.router.order(1).status()));
        final String id = h.server.orders().get(0).orderId;
        h.server.manualChange(id, "rejected", 10, 1234.5);
        h.server.orders().get(0).statusMessage = "RMS: margin exceeded";
        h.advanceBy(2_100);
        assertEquals(1, requests("/v2/order/details").size());
        final OrderView o = h.onLoop(() -> h.router.order(1));
        assertEquals(OrderStatus.REJECTED, o.status());
        assertEquals("RMS: margin exceeded", o.reason().toString());
        assertTrue(o.lastStatusCheckEpochMs() > 0);
    }

    @Test
    void shouldKeepStateAndCountWhenTheBrokerSendsAnUnknownStatus() throws Exception {
        harness();
        h.server.initialStatus("put order req received");
        h.server.statusOverride("teleported");
        h.submit(limitBuy(1, "k-1"));
        final String log = capturingStderr(() -> h.advanceBy(2_100));
        assertTrue(log.contains("unknown broker status 'teleported'") && log.contains("raw: {") && log.contains("\"tag\":\"k-1\""),
                "logged with the broker's raw row: " + log);
        assertEquals(OrderStatus.SUBMITTED, h.onLoop(() -> h.router.order(1).status()), "never assumed anything");
        assertTrue(h.onLoop(() -> h.router.order(1).uncertain()));
        assertTrue(h.onLoop(h.router::unknownStatuses) >= 1);
        h.server.statusOverride(null);
        h.server.fill(h.server.orders().get(0).orderId, 10, 1234.0);
        h.advanceBy(2_100);
        final OrderView o = h.onLoop(() -> h.router.order(1));
        assertFalse(o.uncertain());
        assertEquals(OrderStatus.COMPLETE, o.status());
        assertEquals(10, o.filledQuantity());
        assertEquals(Prices.toFixed(1234.0), o.averagePrice());
    }

    @Test
    void shouldReportManualCancelManualModifyAndExternalOrdersOnReconciliation() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(60_000));
        h.submit(limitBuy(1, "k-1"));
        h.submit(limitBuy(2, "k-2"));
        h.awaitQuiet(5_000);
        final String id1 = h.onLoop(() -> h.router.order(1).brokerOrderId().toString());
        final String id2 = h.onLoop(() -> h.router.order(2).brokerOrderId().toString());
        h.server.manualChange(id1, "cancelled", 10, 1234.5);
        h.server.manualChange(id2, "open", 25, 1240.0);
        final String ext = h.server.addExternalOrder("NSE_EQ|INE467B01029", "open");
        h.advanceBy(60_001);

        assertEquals(OrderStatus.CANCELLED, h.onLoop(() -> h.router.order(1).status()));
        final OrderView o2 = h.onLoop(() -> h.router.order(2));
        assertTrue(o2.modifiedExternally());
        assertEquals(25, o2.quantity());
        assertEquals(Prices.toFixed(1240.0), o2.price());
        final List<io.kavach.order.testserver.RecordingOrderEventHandler.Update> updates = h.onLoop(() -> List.copyOf(h.events.updates));
        assertTrue(updates.stream().anyMatch(u -> u.external && ext.equals(u.brokerOrderId) && u.status == OrderStatus.OPEN));
        assertTrue(updates.stream().anyMatch(u -> u.intentId == 1 && u.status == OrderStatus.CANCELLED));
        assertEquals(1L, h.onLoop(h.router::externalOrders));
    }

    @Test
    void shouldTurnQueuedAndLaterExitsIntoNoOpsWhenThePositionWasClosedByHand() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(60_000));
        h.server.setPosition(KEY, "D", 0);
        // fill the first second so the exit has to queue
        for (int i = 1; i <= 10; i++) {
            h.submit(limitBuy(i, "e-" + i).instrumentKey("NSE_EQ|INE467B01029"));
        }
        h.submit(limitBuy(50, "x-50").exit(true));
        h.advanceBy(60_001); // reconciliation reads positions; the queued exit is already out by now
        assertEquals(1, ordersWithTag("x-50"), "an exit sent before the flat position was known is sent");

        final int r = h.submit(limitBuy(51, "x-51").exit(true));
        assertEquals(SubmitResult.HANDLED_LOCALLY, r);
        assertEquals(AckCode.NOOP, acks(51).get(0).code);
        assertEquals(0, ordersWithTag("x-51"));
        assertTrue(h.onLoop(() -> h.events.positions.contains(KEY + "/2=0")));
    }

    @Test
    void shouldPlaceAfterMarketOrdersInTheEveningAndHoldOrdersUntilTheNextWindow() throws Exception {
        harness(ist(15, 45), c -> c.reconcileIntervalMs(3_600_000));
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        assertEquals(0, requests("/v3/order/place").size(), "15:45 is neither session nor AMO window");
        assertEquals(OrderStatus.RETRY_PENDING, h.onLoop(() -> h.router.order(1).status()));
        h.advanceTo(ist(16, 5) + 10);
        final List<Request> places = requests("/v3/order/place");
        assertEquals(1, places.size());
        assertEquals(ist(16, 5), places.get(0).arrivalEpochMs);
        assertTrue(JSON.readTree(places.get(0).body).get("is_amo").asBoolean());
    }

    @Test
    void shouldRetryHeldOrdersAtThePreOpenBeforeTheSession() throws Exception {
        harness(ist(8, 59), c -> c.reconcileIntervalMs(3_600_000));
        h.submit(limitBuy(1, "k-1"));
        h.advanceTo(ist(9, 0) + 10);
        final List<Request> places = requests("/v3/order/place");
        assertEquals(1, places.size());
        assertEquals(ist(9, 0), places.get(0).arrivalEpochMs);
        assertFalse(JSON.readTree(places.get(0).body).get("is_amo").asBoolean());
    }

    @Test
    void shouldWarnAboutLateIntradayOrdersAndIntradayOrdersOpenAtSquareOff() throws Exception {
        harness(ist(15, 13), c -> c.reconcileIntervalMs(3_600_000));
        h.submit(limitBuy(1, "k-1").product(OrderCodes.PRODUCT_I));
        h.submit(limitBuy(2, "k-2"));
        h.awaitQuiet(5_000);
        List<String> warnings = h.onLoop(() -> List.copyOf(h.events.warnings));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("1:" + OrderEventHandler.WARN_INTRADAY_LATE + ":"));
        h.advanceTo(ist(15, 15) + 1);
        warnings = h.onLoop(() -> List.copyOf(h.events.warnings));
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(1).startsWith("1:" + OrderEventHandler.WARN_INTRADAY_OPEN_AT_SQUARE_OFF + ":"));
    }

    @Test
    void shouldPauseOnRejectedTokenAndResumeWithANewOne() throws Exception {
        harness();
        h.server.faultPlan((r, i, body) -> ("Bearer fresh").equals(r.authorization) ? Fault.NONE : Fault.HTTP_401);
        h.submit(limitBuy(1, "k-1"));
        h.advanceBy(2_000);
        assertEquals(1, requests("/v3/order/place").size(), "no spinning while the token is refused");
        assertEquals(1, (int) h.onLoop(() -> h.events.tokenRejections));
        assertTrue(h.onLoop(h.router::tokenRejected));
        assertEquals(OrderStatus.PENDING_SUBMIT, h.onLoop(() -> h.router.order(1).status()));
        h.onLoop(() -> {
            h.router.updateAccessToken("fresh");
            return null;
        });
        h.awaitQuiet(5_000);
        assertEquals(2, requests("/v3/order/place").size());
        assertEquals("Bearer fresh", requests("/v3/order/place").get(1).authorization);
        assertEquals(AckCode.ACCEPTED, acks(1).get(0).code);
    }

    @Test
    void shouldCheckTheHistoryFirstForAnIntentRecoveredAfterARestart() throws Exception {
        harness();
        final String before = h.server.addOrder("k-r", KEY, "open"); // sent before the crash
        final OrderIntent recovered = limitBuy(1, "k-r");
        recovered.lookupFirst = true;
        assertEquals(SubmitResult.QUEUED, h.submit(recovered));
        h.awaitQuiet(5_000);
        assertEquals(0, requests("/v3/order/place").size(), "found by tag, not placed again");
        assertEquals(before, acks(1).get(0).brokerOrderId);
        assertEquals(AckCode.ACCEPTED, acks(1).get(0).code);

        final OrderIntent neverSent = limitBuy(2, "k-r2");
        neverSent.lookupFirst = true;
        h.submit(neverSent);
        h.awaitQuiet(5_000);
        assertEquals(1, requests("/v3/order/place").size(), "not at the broker, so placed");
        assertEquals(1, ordersWithTag("k-r2"));
    }

    /** The portfolio feed reports order {@code id} (tag {@code tag}) open: 10 at 1234.5, as {@code limitBuy} placed it. */
    private void feedOpenOrder(final String id, final String tag) throws Exception {
        final io.kavach.order.BrokerOrderSnapshot feed = new io.kavach.order.BrokerOrderSnapshot();
        feed.orderId = id;
        feed.tag = tag;
        feed.status = "open";
        feed.quantity = 10;
        feed.price = Prices.toFixed(1234.5);
        h.onLoop(() -> {
            h.router.onBrokerOrderUpdate(feed);
            return null;
        });
    }

    @Test
    void shouldTakeThePortfolioFeedAsConfirmationAndSkipTheDetailsRead() throws Exception {
        harness();
        h.server.initialStatus("put order req received");
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final String id = h.server.orders().get(0).orderId;
        feedOpenOrder(id, "k-1");
        h.advanceBy(10_000);
        assertEquals(0, requests("/v2/order/details").size(), "already confirmed by the feed");
        assertEquals(OrderStatus.OPEN, h.onLoop(() -> h.router.order(1).status()));
        assertFalse(h.onLoop(() -> h.router.order(1).modifiedExternally()));
    }

    @Test
    void shouldAdoptTheOrderIdFromTheFeedWhenItArrivesBeforeTheTimedOutAnswer() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.SILENT_PLACED));
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final String id = h.server.orders().get(0).orderId;
        feedOpenOrder(id, "k-1");
        assertEquals(AckCode.ACCEPTED, acks(1).get(0).code);
        assertEquals(id, acks(1).get(0).brokerOrderId);
        h.advanceBy(20_000); // the silent request times out; the order is already known
        assertEquals(1, requests("/v3/order/place").size());
        assertEquals(0, requests("/v2/order/history").size(), "nothing to look up");
        assertEquals(1, acks(1).size());
    }

    @Test
    void shouldCancelASecondOrderWhenTheBrokerListedTheFirstTooLateForTheLookup() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(60_000));
        h.server.listingLagMs(30_000); // longer than timeout + settle: the lookup wrongly says "not placed"
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.SILENT_PLACED));
        h.submit(limitBuy(1, "k-1"));
        h.advanceBy(15_000);
        assertEquals(2, requests("/v3/order/place").size(), "the false negative led to a retry");
        h.advanceBy(60_000); // the reconciliation's order book shows both
        final List<UpstoxTestServer.Order> withTag = h.server.orders().stream().filter(o -> "k-1".equals(o.tag))
                .collect(Collectors.toList());
        assertEquals(2, withTag.size());
        assertEquals(1L, h.onLoop(h.router::duplicatesDetected));
        final String kept = h.onLoop(() -> h.router.order(1).brokerOrderId().toString());
        final long live = withTag.stream().filter(o -> !o.status.equals("cancelled")).count();
        assertEquals(1, live, "exactly one live order remains");
        assertEquals(kept, withTag.stream().filter(o -> !o.status.equals("cancelled")).findFirst().get().orderId);
        assertEquals(1, requests("/v3/order/cancel").size());
    }

    @Test
    void shouldHoldAModifyUntilAnUncertainPlaceIsSettledThenSendItToTheFoundOrder() throws Exception {
        harness();
        h.server.faultPlan(UpstoxTestServer.FaultPlan.firstPlace(Fault.SILENT_PLACED));
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final int r = h.submit(new OrderIntent().modify(2, 1).orderType(OrderCodes.TYPE_LIMIT).quantity(4).price(Prices.toFixed(1230)));
        assertEquals(SubmitResult.QUEUED, r);
        assertEquals(0, requests("/v3/order/modify").size());
        h.advanceBy(8_000); // timeout, settle, lookup finds the order, the modify follows
        final String id = h.server.orders().get(0).orderId;
        final List<Request> modifies = requests("/v3/order/modify");
        assertEquals(1, modifies.size());
        assertEquals(id, JSON.readTree(modifies.get(0).body).get("order_id").asText());
        assertEquals(4, h.server.order(id).quantity);
        assertEquals(AckCode.ACCEPTED, acks(2).get(0).code);
        assertEquals(1, requests("/v3/order/place").size());
    }

    @Test
    void shouldReconnectAfterTheServerClosesIdleConnectionsAndKeepPlacing() throws Exception {
        harness();
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final int before = h.server.connectionsAccepted();
        h.server.dropConnections();
        // real time for the client to see the closes and the server to count the new accepts (a loaded machine can take a while)
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            Thread.sleep(50);
            h.advanceBy(1_000);
        } while (h.server.connectionsAccepted() < before + h.config.orderConnections() && System.nanoTime() < deadline);
        assertTrue(h.server.connectionsAccepted() >= before + h.config.orderConnections(), "pool re-opened");
        h.submit(limitBuy(2, "k-2"));
        h.awaitQuiet(5_000);
        assertEquals(AckCode.ACCEPTED, acks(2).get(0).code);
        assertEquals(2, requests("/v3/order/place").size());
    }

    @Test
    void shouldFlagAWorkingOrderTheBrokersOrderBookNoLongerLists() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(60_000));
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        h.advanceBy(3_000);
        assertFalse(h.onLoop(() -> h.router.order(1).uncertain()));
        h.server.removeOrder(h.server.orders().get(0).orderId);
        h.advanceBy(60_000);
        assertTrue(h.onLoop(() -> h.router.order(1).uncertain()));
        assertEquals(OrderStatus.OPEN, h.onLoop(() -> h.router.order(1).status()), "state kept, never assumed");
        assertEquals(1L, h.onLoop(h.router::missingFromBook));
    }

    @Test
    void shouldApplyPortfolioFeedFramesAndCountUnreadableOnes() throws Exception {
        harness();
        h.server.initialStatus("put order req received");
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final String id = h.server.orders().get(0).orderId;
        final byte[] frame = ("{\"update_type\":\"order\",\"user_id\":\"U1\",\"order_id\":\"" + id + "\",\"tag\":\"k-1\","
                + "\"status\":\"complete\",\"quantity\":10,\"filled_quantity\":10,\"pending_quantity\":0,"
                + "\"average_price\":1234.25,\"price\":1234.5,\"trigger_price\":0,\"product\":\"D\","
                + "\"exchange_timestamp\":\"2026-11-20 10:00:01\",\"status_message\":null}").getBytes(StandardCharsets.UTF_8);
        assertTrue(h.onLoop(() -> h.router.onPortfolioFrame(frame, frame.length)));
        final OrderView o = h.onLoop(() -> h.router.order(1));
        assertEquals(OrderStatus.COMPLETE, o.status());
        assertEquals(Prices.toFixed(1234.25), o.averagePrice());
        assertEquals(RouterHarness.SESSION_MS + 1_000, o.exchangeTimeEpochMs());
        final byte[] bad = "{\"update_type\":\"order\",\"status\":".getBytes(StandardCharsets.UTF_8);
        assertFalse(h.onLoop(() -> h.router.onPortfolioFrame(bad, bad.length)));
        assertEquals(1L, h.onLoop(h.router::badAnswers));
        assertEquals(OrderStatus.COMPLETE, h.onLoop(() -> h.router.order(1).status()));
    }

    @Test
    void shouldHoldTheOrderAndLogTheRawFrameWhenAFeedUpdateHasNoOrderIdOrAnUnknownStatus() throws Exception {
        harness();
        h.server.initialStatus("put order req received");
        h.submit(limitBuy(1, "k-1"));
        h.awaitQuiet(5_000);
        final String id = h.server.orders().get(0).orderId;
        final byte[] noId = ("{\"update_type\":\"order\",\"user_id\":\"U1\",\"tag\":\"k-1\",\"status\":\"complete\","
                + "\"quantity\":10,\"filled_quantity\":10,\"average_price\":1234.25}").getBytes(StandardCharsets.UTF_8);
        final String noIdLog = capturingStderr(() -> assertFalse(h.onLoop(() -> h.router.onPortfolioFrame(noId, noId.length))));
        assertTrue(noIdLog.contains("unreadable portfolio-feed frame") && noIdLog.contains("\"filled_quantity\":10"), noIdLog);
        assertEquals(1L, h.onLoop(h.router::badAnswers));
        assertEquals(OrderStatus.SUBMITTED, h.onLoop(() -> h.router.order(1).status()), "never assumed filled");
        assertEquals(0, h.onLoop(() -> h.router.order(1).filledQuantity()));

        final byte[] unknown = ("{\"update_type\":\"order\",\"order_id\":\"" + id + "\",\"tag\":\"k-1\",\"status\":\"half cancelled\","
                + "\"quantity\":10,\"filled_quantity\":0}").getBytes(StandardCharsets.UTF_8);
        final String unknownLog = capturingStderr(() -> assertTrue(h.onLoop(() -> h.router.onPortfolioFrame(unknown, unknown.length))));
        assertTrue(unknownLog.contains("'half cancelled'") && unknownLog.contains("raw: {"), unknownLog);
        assertEquals(1L, h.onLoop(h.router::unknownStatuses));
        assertEquals(OrderStatus.SUBMITTED, h.onLoop(() -> h.router.order(1).status()), "never assumed cancelled");
        assertTrue(h.onLoop(() -> h.router.order(1).uncertain()));

        h.server.manualChange(id, "open", 10, 1234.5);
        h.advanceBy(2_100); // the verification read settles it
        assertEquals(OrderStatus.OPEN, h.onLoop(() -> h.router.order(1).status()));
        assertFalse(h.onLoop(() -> h.router.order(1).uncertain()));
    }

    /** Runs {@code action} with stderr (where the test logger writes) captured; returns what was written. */
    private static String capturingStderr(final ThrowingRunnable action) throws Exception {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void shouldDropAnExitStillQueuedWhenReconciliationFindsThePositionFlat() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(60_000));
        h.server.setPosition(KEY, "D", 0);
        h.advanceTo(RouterHarness.SESSION_MS + 59_500);
        for (int i = 1; i <= 10; i++) {
            h.submit(limitBuy(i, "e-" + i).instrumentKey("NSE_EQ|INE467B01029"));
        }
        h.awaitQuiet(5_000); // all ten sent: this second's permits are gone
        assertEquals(SubmitResult.QUEUED, h.submit(limitBuy(50, "x-50").exit(true)));
        h.advanceTo(RouterHarness.SESSION_MS + 61_000); // positions read at 60 s, before the next permit
        assertEquals(0, ordersWithTag("x-50"));
        assertEquals(AckCode.NOOP, acks(50).get(0).code);
        assertEquals(OrderStatus.CANCELLED, h.onLoop(() -> h.router.order(50).status()));
        assertTrue(h.onLoop(() -> h.router.order(50).reason().toString()).contains("position was closed"));
    }

    @Test
    void shouldTurnAQueuedExitIntoANoOpWhenTheFeedReportsThePositionFlat() throws Exception {
        harness();
        for (int i = 1; i <= 10; i++) {
            h.submit(limitBuy(i, "e-" + i).instrumentKey("NSE_EQ|INE467B01029"));
        }
        h.awaitQuiet(5_000); // this second's permits are gone
        assertEquals(SubmitResult.QUEUED, h.submit(limitBuy(50, "x-50").exit(true)));
        final byte[] frame = ("{\"update_type\":\"position\",\"user_id\":\"U1\",\"instrument_token\":\"" + KEY + "\","
                + "\"product\":\"D\",\"quantity\":0,\"day_buy_quantity\":10,\"day_sell_quantity\":10}").getBytes(StandardCharsets.UTF_8);
        assertTrue(h.onLoop(() -> h.router.onPortfolioFrame(frame, frame.length)));
        h.advanceBy(3_000);
        assertEquals(0, ordersWithTag("x-50"));
        assertEquals(AckCode.NOOP, acks(50).get(0).code);
        assertTrue(h.onLoop(() -> h.events.positions.contains(KEY + "/2=0")));
        final byte[] noQty = "{\"update_type\":\"position\",\"product\":\"D\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(h.onLoop(() -> h.router.onPortfolioFrame(noQty, noQty.length)));
    }

    @Test
    void shouldNotMistakeTheZeroPriceOfAnSlmOrderForAManualModification() throws Exception {
        harness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(60_000));
        h.submit(new OrderIntent().place(1, OrderCodes.SIDE_SELL, 10).orderType(OrderCodes.TYPE_SL_M).price(Prices.toFixed(100))
                .triggerPrice(Prices.toFixed(99.5)).instrumentKey(KEY).tag("slm-1").exit(true));
        h.advanceBy(60_001);
        assertEquals(0.0, JSON.readTree(requests("/v3/order/place").get(0).body).get("price").asDouble());
        final OrderView o = h.onLoop(() -> h.router.order(1));
        assertFalse(o.modifiedExternally());
        assertEquals(0, o.price());
        assertEquals(Prices.toFixed(99.5), o.triggerPrice());
    }
}

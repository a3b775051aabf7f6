package io.kavach.order.admin;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderIntent;
import io.kavach.order.testserver.RouterHarness;
import io.kavach.order.testserver.UpstoxTestServer.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code orders --failed | retry ID | drop ID} against a live router and the loopback server. */
class FailedOrdersCommandTest {
    private RouterHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private FailedOrdersCommand.Result run(final String... args) {
        return h.onLoop(() -> FailedOrdersCommand.execute(h.router, args));
    }

    @Test
    void shouldListRetryAndDropFailedOrders() throws Exception {
        h = new RouterHarness(RouterHarness.SESSION_MS, c -> c.reconcileIntervalMs(3_600_000));
        h.server.faultPlan((r, i, b) -> r.path.equals("/v3/order/place") ? Fault.REJECT_400 : Fault.NONE);
        for (int i = 1; i <= 2; i++) {
            h.submit(new OrderIntent().place(40 + i, OrderCodes.SIDE_BUY, 5).orderType(OrderCodes.TYPE_LIMIT)
                    .price(Prices.toFixed(99)).instrumentKey("NSE_EQ|INE002A01018").tag("f-" + i));
        }
        h.awaitQuiet(5_000);

        final FailedOrdersCommand.Result list = run("--failed");
        assertEquals(0, list.exitCode);
        assertTrue(list.text.contains("41") && list.text.contains("f-1") && list.text.contains("REJECTED")
                && list.text.contains("UDAPI1052: Insufficient funds") && list.text.contains(" D "), list.text);
        assertEquals(3, list.text.split("\n").length, "header and two orders");

        h.server.faultPlan((r, i, b) -> Fault.NONE);
        assertEquals(0, run("retry", "41").exitCode);
        assertEquals(0, run("drop", "42").exitCode);
        h.advanceBy(1_000);
        assertEquals(1, h.server.orders().size(), "41 placed on retry, 42 dropped");
        assertEquals("no failed orders\n", run("--failed").text);
        assertEquals(1, run("drop", "42").exitCode, "already dropped");
        assertEquals(1, run("retry", "999").exitCode);
        assertEquals(2, run("retry", "abc").exitCode);
        assertEquals(2, run("list").exitCode);
    }
}

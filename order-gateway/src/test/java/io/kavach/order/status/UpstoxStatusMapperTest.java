package io.kavach.order.status;

import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import static io.kavach.order.status.UpstoxStatusMapper.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UpstoxStatusMapperTest {
    @Test
    void shouldMapEveryDocumentedUpstoxStatus() {
        assertEquals(OrderStatus.SUBMITTED, map("put order req received", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.SUBMITTED, map("validation pending", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.SUBMITTED, map("open pending", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.OPEN, map("open", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.PARTIALLY_FILLED, map("open", 3, OrderStatus.OPEN));
        assertEquals(OrderStatus.TRIGGER_PENDING, map("trigger pending", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.COMPLETE, map("complete", 10, OrderStatus.OPEN));
        assertEquals(OrderStatus.REJECTED, map("rejected", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.CANCELLED, map("cancelled", 0, OrderStatus.OPEN));
        assertEquals(OrderStatus.CANCELLED, map("cancelled after market order", 0, OrderStatus.AMO_RECEIVED));
        assertEquals(OrderStatus.AMO_RECEIVED, map("after market order req received", 0, OrderStatus.SUBMITTED));
        assertEquals(OrderStatus.AMO_RECEIVED, map("modify after market order req received", 0, OrderStatus.AMO_RECEIVED));
    }

    @Test
    void shouldKeepTheLiveStateWhileAModifyOrCancelIsPending() {
        for (final String s : new String[]{"modify validation pending", "modify pending", "modified", "not modified",
                "cancel pending", "not cancelled"}) {
            assertEquals(OrderStatus.OPEN, map(s, 0, OrderStatus.OPEN), s);
            assertEquals(OrderStatus.TRIGGER_PENDING, map(s, 0, OrderStatus.TRIGGER_PENDING), s);
            assertEquals(OrderStatus.PARTIALLY_FILLED, map(s, 4, OrderStatus.OPEN), s);
            assertEquals(OrderStatus.OPEN, map(s, 0, OrderStatus.SUBMITTED), s);
        }
    }

    @Test
    void shouldNeverGuessAnUnknownStatus() {
        assertEquals(OrderStatus.UNKNOWN, map("Complete", 10, OrderStatus.OPEN));
        assertEquals(OrderStatus.UNKNOWN, map("filled", 10, OrderStatus.OPEN));
        assertEquals(OrderStatus.UNKNOWN, map(null, 0, OrderStatus.OPEN));
        assertEquals(OrderStatus.UNKNOWN, map("", 0, OrderStatus.OPEN));
    }
}

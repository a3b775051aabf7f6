package io.kavach.order.live;

import io.kavach.config.time.MarketCalendar;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static io.kavach.order.live.OrderSessionWindows.AMO;
import static io.kavach.order.live.OrderSessionWindows.HOLD;
import static io.kavach.order.live.OrderSessionWindows.NORMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderSessionWindowsTest {
    private final OrderSessionWindows windows = new OrderSessionWindows(MarketCalendar.nseDefault());

    private static long ist(final int month, final int day, final int hour, final int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, ZoneId.of("Asia/Kolkata")).toInstant().toEpochMilli();
    }

    @Test
    void shouldClassifyATradingDay() {
        assertEquals(HOLD, windows.phase(ist(11, 20, 4, 59)));
        assertEquals(AMO, windows.phase(ist(11, 20, 5, 0)));
        assertEquals(AMO, windows.phase(ist(11, 20, 8, 57)));
        assertEquals(HOLD, windows.phase(ist(11, 20, 8, 58)));
        assertEquals(NORMAL, windows.phase(ist(11, 20, 9, 0)));
        assertEquals(HOLD, windows.phase(ist(11, 20, 9, 8)));
        assertEquals(NORMAL, windows.phase(ist(11, 20, 9, 15)));
        assertEquals(NORMAL, windows.phase(ist(11, 20, 15, 29)));
        assertEquals(HOLD, windows.phase(ist(11, 20, 15, 30)));
        assertEquals(AMO, windows.phase(ist(11, 20, 16, 5)));
        assertEquals(AMO, windows.phase(ist(11, 20, 23, 59)));
    }

    @Test
    void shouldAllowOnlyAfterMarketOrdersOnAWeekend() {
        assertEquals(AMO, windows.phase(ist(11, 21, 11, 0))); // Saturday
        assertEquals(HOLD, windows.phase(ist(11, 22, 3, 0)));  // Sunday night
    }

    @Test
    void shouldFindTheNextWindow() {
        assertEquals(ist(11, 20, 16, 5), windows.nextOpportunityEpochMs(ist(11, 20, 15, 45)));
        assertEquals(ist(11, 20, 9, 0), windows.nextOpportunityEpochMs(ist(11, 20, 8, 59)));
        assertEquals(ist(11, 20, 9, 15), windows.nextOpportunityEpochMs(ist(11, 20, 9, 10)));
        assertEquals(ist(11, 20, 5, 0), windows.nextOpportunityEpochMs(ist(11, 20, 1, 0)));
        final long inSession = ist(11, 20, 10, 0);
        assertEquals(inSession, windows.nextOpportunityEpochMs(inSession));
    }
}

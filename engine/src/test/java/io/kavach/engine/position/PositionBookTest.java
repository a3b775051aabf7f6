package io.kavach.engine.position;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PositionBookTest {
    private static final byte I = OrderCodes.PRODUCT_I;
    private final PositionBook book = new PositionBook();

    private static long px(final double rupees) {
        return Prices.toFixed(rupees);
    }

    @Test
    void shouldRealizeProfitFirstInFirstOut() {
        book.onFill(1, 7, I, OrderCodes.SIDE_BUY, 10, px(100));
        book.onFill(1, 7, I, OrderCodes.SIDE_BUY, 5, px(110));
        book.onFill(1, 7, I, OrderCodes.SIDE_SELL, 12, px(120));
        final Position p = book.position(1, 7, I);
        assertEquals(3, p.netQuantity());
        assertEquals(px(10 * 20 + 2 * 10), p.realizedPnl(), "10 closed from the 100 lot, 2 from the 110 lot");
        assertEquals(px(110), p.averageOpenPrice());
        book.mark(7, px(115));
        assertEquals(px(3 * 5), p.unrealizedPnl());
        assertEquals(px(220 + 15), book.totalPnl(1));
    }

    @Test
    void shouldFlipFromLongToShortAndMarkTheShortSide() {
        book.onFill(1, 7, I, OrderCodes.SIDE_BUY, 4, px(100));
        book.onFill(1, 7, I, OrderCodes.SIDE_SELL, 10, px(90));
        final Position p = book.position(1, 7, I);
        assertEquals(-6, p.netQuantity());
        assertEquals(px(-40), p.realizedPnl());
        book.mark(7, px(80));
        assertEquals(px(60), p.unrealizedPnl());
        book.onFill(1, 7, I, OrderCodes.SIDE_BUY, 6, px(85));
        assertEquals(0, p.netQuantity());
        assertEquals(px(-40 + 30), p.realizedPnl());
        assertEquals(0, p.unrealizedPnl());
        assertEquals(px(-10), book.totalPnl(1));
    }

    @Test
    void shouldKeepPositionsApartPerUserInstrumentAndProduct() {
        book.onFill(1, 7, I, OrderCodes.SIDE_BUY, 1, px(100));
        book.onFill(1, 7, OrderCodes.PRODUCT_D, OrderCodes.SIDE_BUY, 2, px(100));
        book.onFill(2, 7, I, OrderCodes.SIDE_SELL, 3, px(100));
        book.onFill(1, 8, I, OrderCodes.SIDE_BUY, 4, px(100));
        assertEquals(1, book.netQuantity(1, 7, I));
        assertEquals(2, book.netQuantity(1, 7, OrderCodes.PRODUCT_D));
        assertEquals(-3, book.netQuantity(2, 7, I));
        assertEquals(4, book.netQuantity(1, 8, I));
        assertEquals(3, book.positionsOf(1).length);
    }

    @Test
    void shouldMatchManyLotsAcrossTheLotRingWrap() {
        for (int i = 0; i < 20; i++) {
            book.onFill(1, 7, I, OrderCodes.SIDE_BUY, 1, px(100 + i));
            if (i % 3 == 2) {
                book.onFill(1, 7, I, OrderCodes.SIDE_SELL, 2, px(200));
            }
        }
        // bought 100..119 one each; sold 2 at 200 six times, FIFO: closes 100..111
        final Position p = book.position(1, 7, I);
        assertEquals(8, p.netQuantity());
        long expected = 0;
        for (int i = 0; i < 12; i++) {
            expected += 200 - (100 + i);
        }
        assertEquals(px(expected), p.realizedPnl());
        assertEquals(px((112 + 119) * 8 / 2.0) / 8, p.averageOpenPrice());
    }
}

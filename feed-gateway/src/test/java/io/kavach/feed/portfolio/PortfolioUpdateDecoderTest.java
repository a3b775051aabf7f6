package io.kavach.feed.portfolio;

import io.kavach.config.instrument.InstrumentRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortfolioUpdateDecoderTest {
    static final String ORDER_UPDATE = "{\"update_type\":\"order\",\"user_id\":\"AB1234\",\"exchange\":\"NSE\","
        + "\"instrument_token\":\"NSE_EQ|INE002A01018\",\"instrument_key\":\"NSE_EQ|INE002A01018\",\"trading_symbol\":\"RELIANCE\","
        + "\"product\":\"I\",\"order_type\":\"SL\",\"average_price\":0,\"price\":2901.5,\"trigger_price\":2902.0,\"quantity\":10,"
        + "\"disclosed_quantity\":0,\"pending_quantity\":10,\"transaction_type\":\"SELL\",\"order_ref_id\":null,"
        + "\"exchange_order_id\":\"1300000012345678\",\"parent_order_id\":null,\"validity\":\"DAY\",\"status\":\"trigger pending\","
        + "\"is_amo\":false,\"variety\":\"SIMPLE\",\"tag\":\"kv-r42-f1\",\"exchange_timestamp\":\"2023-10-19 10:15:02\","
        + "\"status_message\":null,\"order_id\":\"231019000123456\",\"order_request_id\":\"1\",\"order_timestamp\":\"2023-10-19 10:15:01\","
        + "\"filled_quantity\":0,\"guid\":\"abc\",\"placed_by\":\"AB1234\",\"status_message_raw\":null,\"extra\":{\"nested\":[1,2]}}";

    private final InstrumentRegistry registry = new InstrumentRegistry();
    private final List<String> seen = new ArrayList<>();
    private PortfolioUpdateView last;
    private final PortfolioUpdateDecoder decoder = new PortfolioUpdateDecoder(registry, new PortfolioUpdateHandler() {
        @Override
        public void onOrderUpdate(final PortfolioUpdateView order) {
            seen.add("order");
            last = order;
        }

        @Override
        public void onPositionUpdate(final PortfolioUpdateView position) {
            seen.add("position");
            last = position;
        }

        @Override
        public void onOtherUpdate(final PortfolioUpdateView update) {
            seen.add("other:" + update.type());
            last = update;
        }
    });

    private int decode(final String json) {
        final byte[] bytes = ("xx" + json).getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 2, bytes.length - 2);
    }

    @Test
    void shouldDecodeAnOrderUpdateIntoPrimitivesAndBytes() {
        final int reliance = registry.register("NSE_EQ|INE002A01018");

        assertEquals(PortfolioUpdateDecoder.OK, decode(ORDER_UPDATE));

        assertEquals(List.of("order"), seen);
        assertEquals(reliance, last.instrumentId());
        assertEquals(PortfolioUpdateView.SIDE_SELL, last.side());
        assertEquals(PortfolioUpdateView.ORDER_TYPE_SL, last.orderType());
        assertEquals(PortfolioUpdateView.PRODUCT_INTRADAY, last.product());
        assertEquals(PortfolioUpdateView.VALIDITY_DAY, last.validity());
        assertEquals(2_901_500_000L, last.price());
        assertEquals(2_902_000_000L, last.triggerPrice());
        assertEquals(0, last.averagePrice());
        assertEquals(10, last.quantity());
        assertEquals(10, last.pendingQuantity());
        assertEquals("231019000123456", last.orderIdText());
        assertEquals("kv-r42-f1", last.tagText());
        assertTrue(last.statusIs("trigger pending"));
        assertFalse(last.statusIs("open"));
        assertEquals("", last.statusMessageText());
        assertEquals(1_697_690_701_000L, last.orderTimeEpochMs(), "2023-10-19 10:15:01 IST");
        assertEquals(1_697_690_702_000L, last.exchangeTimeEpochMs());
        assertFalse(last.amo());
    }

    @Test
    void shouldDispatchPositionHoldingAndGttUpdates() {
        assertEquals(PortfolioUpdateDecoder.OK, decode("{\"update_type\":\"position\",\"instrument_token\":\"NSE_FO|43919\",\"quantity\":-75,"
            + "\"average_price\":120.5,\"product\":\"D\"}"));
        assertEquals(-75, last.quantity());
        assertEquals(-1, last.instrumentId(), "an instrument nobody registered");
        assertEquals("NSE_FO|43919", last.instrumentKeyText());
        assertEquals(PortfolioUpdateView.PRODUCT_DELIVERY, last.product());
        assertEquals(PortfolioUpdateDecoder.OK, decode("{\"update_type\":\"holding\",\"isin\":\"INE002A01018\"}"));
        assertEquals(PortfolioUpdateDecoder.OK, decode("{\"update_type\":\"gtt_order\",\"gtt_order_id\":\"GTT-1\"}"));
        assertEquals(List.of("position", "other:3", "other:4"), seen);
        assertTrue(new String(last.json(), last.jsonOffset(), last.jsonLength(), StandardCharsets.UTF_8).contains("GTT-1"));
    }

    @Test
    void shouldRejectMalformedUntypedUnknownAndBadlyPricedUpdatesWithoutCallbacks() {
        assertEquals(PortfolioUpdateDecoder.MALFORMED_JSON, decode("{\"update_type\":\"order\",\"price\":"));
        assertTrue(decoder.describeLastError().contains("MALFORMED_JSON"), decoder.describeLastError());
        assertEquals(PortfolioUpdateDecoder.NOT_AN_OBJECT, decode("[1,2]"));
        assertEquals(PortfolioUpdateDecoder.MISSING_UPDATE_TYPE, decode("{\"order_id\":\"1\"}"));
        assertEquals(PortfolioUpdateDecoder.UNKNOWN_UPDATE_TYPE, decode("{\"update_type\":\"margin\"}"));
        assertTrue(decoder.describeLastError().contains("margin"), decoder.describeLastError());
        assertEquals(PortfolioUpdateDecoder.BAD_PRICE, decode("{\"update_type\":\"order\",\"price\":-5}"));
        assertTrue(decoder.describeLastError().contains("price = -5"), decoder.describeLastError());
        assertEquals(0, seen.size());
        assertEquals(5, decoder.updatesRejected());
    }

    @Test
    void shouldTruncateOverlongStringsAndCountThem() {
        final String longTag = "t".repeat(60);
        assertEquals(PortfolioUpdateDecoder.OK, decode("{\"update_type\":\"order\",\"tag\":\"" + longTag + "\",\"status_message\":\"Ordre rejeté ✓\"}"));
        assertEquals(PortfolioUpdateView.ID_BYTES, last.tagText().length());
        assertEquals(1, last.truncatedFields());
        assertEquals("Ordre rejeté ✓", last.statusMessageText());
    }
}

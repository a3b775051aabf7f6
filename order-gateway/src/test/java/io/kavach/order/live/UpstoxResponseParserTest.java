package io.kavach.order.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.config.Prices;
import io.kavach.order.BrokerOrderSnapshot;
import io.kavach.order.OrderCodes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstoxResponseParserTest {
    private final UpstoxResponseParser parser = new UpstoxResponseParser();

    private JsonNode parse(final String s) {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, b.length);
    }

    @Test
    void shouldReadV3AndV2PlaceAnswers() {
        assertEquals("123", parser.placedOrderId(parse("{\"status\":\"success\",\"data\":{\"order_ids\":[\"123\"]},\"metadata\":{\"latency\":12}}")));
        assertEquals("456", parser.placedOrderId(parse("{\"status\":\"success\",\"data\":{\"order_id\":\"456\"}}")));
        assertNull(parser.placedOrderId(parse("{\"status\":\"success\",\"data\":{\"order_ids\":[]}}")));
        assertNotNull(parser.error());
    }

    @Test
    void shouldReportUnreadableBodiesInsteadOfThrowing() {
        assertNull(parse("<html>502</html>"));
        assertTrue(parser.error().startsWith("JSON does not parse"));
        assertNull(parse("[1,2]"));
        assertNull(parse(""));
        assertEquals("empty body", parser.error());
    }

    @Test
    void shouldReadTheErrorEnvelope() {
        final JsonNode e = parse("{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100010\",\"message\":\"Order not found\",\"property_path\":null,\"invalid_value\":null}]}");
        assertFalse(UpstoxResponseParser.isSuccess(e));
        assertEquals("UDAPI100010", UpstoxResponseParser.errorCode(e));
        assertEquals("UDAPI100010: Order not found", UpstoxResponseParser.errorText(e, 400));
    }

    @Test
    void shouldReadAnOrderRowWithNullsAndIstTimestamps() {
        final JsonNode row = parse("{\"order_id\":\"231019025057880\",\"tag\":null,\"status\":\"complete\",\"status_message\":null,"
                + "\"instrument_token\":\"NSE_EQ|INE528G01035\",\"product\":\"D\",\"order_type\":\"SL-M\",\"transaction_type\":\"SELL\","
                + "\"validity\":\"DAY\",\"is_amo\":false,\"quantity\":1,\"filled_quantity\":1,\"pending_quantity\":0,\"price\":0.0,"
                + "\"trigger_price\":19.5,\"average_price\":19.45,\"exchange_timestamp\":\"2023-10-19 13:25:56\","
                + "\"order_timestamp\":\"2023-10-19 13:25:56\"}");
        final BrokerOrderSnapshot s = new BrokerOrderSnapshot();
        assertTrue(parser.order(row, s));
        assertEquals("231019025057880", s.orderId);
        assertNull(s.tag);
        assertEquals(OrderCodes.TYPE_SL_M, s.orderType);
        assertEquals(OrderCodes.SIDE_SELL, s.side);
        assertEquals(OrderCodes.PRODUCT_D, s.product);
        assertEquals(Prices.toFixed(19.5), s.triggerPrice);
        assertEquals(Prices.toFixed(19.45), s.averagePrice);
        assertEquals(ZonedDateTime.of(2023, 10, 19, 13, 25, 56, 0, ZoneId.of("Asia/Kolkata")).toInstant().toEpochMilli(),
                s.exchangeTimeEpochMs);
    }

    @Test
    void shouldRefuseAnOrderRowWithoutIdOrStatus() {
        final BrokerOrderSnapshot s = new BrokerOrderSnapshot();
        assertFalse(parser.order(parse("{\"status\":\"open\"}"), s));
        assertEquals("order row without order_id", parser.error());
        assertFalse(parser.order(parse("{\"order_id\":\"1\"}"), s));
        assertEquals(0, UpstoxResponseParser.istTimestamp("19-10-2023"));
    }
}

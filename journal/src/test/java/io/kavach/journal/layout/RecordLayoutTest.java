package io.kavach.journal.layout;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordLayoutTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[JournalLayout.MAX_RECORD_BYTES]);
    private final RecordValidator validator = new RecordValidator();

    @Test
    void shouldRoundTripEveryTickFieldIncludingAllOptionalSectionsAndFullDepth() {
        final long seed = System.nanoTime();
        System.out.println("seed " + seed);
        final Random random = new Random(seed);
        final int flags = MarketTickEncoder.KNOWN_FLAGS;
        new RecordHeaderEncoder().wrap(buffer, 0).kind(JournalLayout.KIND_MARKET_TICK).userId(7).sequence(42).eventTimeEpochMs(1_700_000_000_123L);
        final long[] v = new long[16 + 4 * 30];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextLong();
        }
        final MarketTickEncoder enc = new MarketTickEncoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH, flags, 30)
            .instrumentId(123).feedShape((byte) 2).requestMode((byte) 3)
            .feedTimeEpochMs(v[0]).ltp(v[1]).lttEpochMs(v[2]).ltq(v[3]).closePrice(v[4]).atp(v[5]).vtt(v[6])
            .oi(1.5).iv(0.25).tbq(1e9).tsq(-0.0)
            .dayOhlc(v[7], v[8], v[9], v[10], v[11])
            .minuteOhlc(v[12], v[13], v[14], v[15], 5, 6)
            .greeks(0.1, -0.2, 0.3, Double.MIN_VALUE, Double.MAX_VALUE);
        for (int level = 0; level < 30; level++) {
            enc.depthLevel(level, v[16 + level * 4], v[17 + level * 4], v[18 + level * 4], v[19 + level * 4]);
        }
        final int length = RecordHeaderEncoder.ENCODED_LENGTH + enc.encodedLength();
        assertEquals(MarketTickEncoder.encodedLength(flags, 30), enc.encodedLength());
        assertEquals(RecordValidator.VALID, validator.validate(buffer, 0, length));

        final RecordHeaderDecoder header = new RecordHeaderDecoder().wrap(buffer, 0);
        assertEquals(JournalLayout.CURRENT_VERSION, header.version());
        assertEquals(7, header.userId());
        assertEquals(42, header.sequence());
        assertEquals(1_700_000_000_123L, header.eventTimeEpochMs());
        final MarketTickDecoder dec = new MarketTickDecoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH);
        assertEquals(123, dec.instrumentId());
        assertEquals(2, dec.feedShape());
        assertEquals(3, dec.requestMode());
        assertEquals(true, dec.snapshot());
        assertEquals(v[0], dec.feedTimeEpochMs());
        assertEquals(v[1], dec.ltp());
        assertEquals(v[2], dec.lttEpochMs());
        assertEquals(v[3], dec.ltq());
        assertEquals(v[4], dec.closePrice());
        assertEquals(v[5], dec.atp());
        assertEquals(v[6], dec.vtt());
        assertEquals(1.5, dec.oi());
        assertEquals(0.25, dec.iv());
        assertEquals(1e9, dec.tbq());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(dec.tsq()));
        assertEquals(v[7], dec.dayOpen());
        assertEquals(v[11], dec.dayVolume());
        assertEquals(v[12], dec.minuteOpen());
        assertEquals(v[15], dec.minuteClose());
        assertEquals(5, dec.minuteVolume());
        assertEquals(6, dec.minuteStartEpochMs());
        assertEquals(0.1, dec.delta());
        assertEquals(Double.MAX_VALUE, dec.rho());
        for (int level = 0; level < 30; level++) {
            assertEquals(v[16 + level * 4], dec.bidPrice(level));
            assertEquals(v[17 + level * 4], dec.bidQty(level));
            assertEquals(v[18 + level * 4], dec.askPrice(level));
            assertEquals(v[19 + level * 4], dec.askQty(level));
        }
    }

    @Test
    void shouldReadAbsentTickSectionsAsZeroAndKeepAnLtpcTickCompact() {
        final MarketTickEncoder enc = new MarketTickEncoder().wrap(buffer, 0, 0, 0).ltp(5);
        assertEquals(MarketTickEncoder.FIXED_LENGTH, enc.encodedLength());
        final MarketTickDecoder dec = new MarketTickDecoder().wrap(buffer, 0);
        assertEquals(5, dec.ltp());
        assertEquals(0, dec.dayHigh());
        assertEquals(0, dec.minuteStartEpochMs());
        assertEquals(0.0, dec.vega());
        assertEquals(0, dec.depthLevels());
    }

    @Test
    void shouldRoundTripOrderFieldsAndStrings() {
        final byte[] id = "250101000012345".getBytes(StandardCharsets.US_ASCII);
        final byte[] tag = "kv-17-3".getBytes(StandardCharsets.US_ASCII);
        final byte[] text = "rejected: insufficient funds".getBytes(StandardCharsets.US_ASCII);
        new RecordHeaderEncoder().wrap(buffer, 0).kind(JournalLayout.KIND_ORDER_UPDATE).sequence(1).eventTimeEpochMs(1);
        final OrderEncoder enc = new OrderEncoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH)
            .intentId(-9).ruleId(17).quantity(75).filledQuantity(25).pendingQuantity(50).price(1_234_500_000L)
            .triggerPrice(1_200_000_000L).averagePrice(1_230_000_000L).netQuantity(-25).instrumentId(99)
            .orderStatus((byte) 4).side((byte) 2).orderType((byte) 3).product((byte) 1).validity((byte) 2)
            .strings(id, id.length, tag, tag.length, text, text.length);
        assertEquals(RecordValidator.VALID, validator.validate(buffer, 0, RecordHeaderEncoder.ENCODED_LENGTH + enc.encodedLength()));
        final OrderDecoder dec = new OrderDecoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH);
        assertEquals(-9, dec.intentId());
        assertEquals(17, dec.ruleId());
        assertEquals(75, dec.quantity());
        assertEquals(25, dec.filledQuantity());
        assertEquals(50, dec.pendingQuantity());
        assertEquals(1_234_500_000L, dec.price());
        assertEquals(1_200_000_000L, dec.triggerPrice());
        assertEquals(1_230_000_000L, dec.averagePrice());
        assertEquals(-25, dec.netQuantity());
        assertEquals(99, dec.instrumentId());
        assertEquals(4, dec.orderStatus());
        assertEquals(2, dec.side());
        assertEquals(3, dec.orderType());
        assertEquals(1, dec.product());
        assertEquals(2, dec.validity());
        final byte[] out = new byte[64];
        assertArrayEquals(id, Arrays.copyOf(out, dec.getBrokerOrderId(out)));
        assertArrayEquals(tag, Arrays.copyOf(out, dec.getTag(out)));
        final byte[] textOut = new byte[255];
        assertArrayEquals(text, Arrays.copyOf(textOut, dec.getText(textOut)));
    }

    @Test
    void shouldRoundTripCommandTextAndPayload() {
        final byte[] text = "disable".getBytes(StandardCharsets.US_ASCII);
        final byte[] payload = "{\"id\":5,\"type\":\"STOP_LOSS\"}".getBytes(StandardCharsets.UTF_8);
        new RecordHeaderEncoder().wrap(buffer, 0).kind(JournalLayout.KIND_RULE_COMMAND).sequence(1).eventTimeEpochMs(1);
        final CommandEncoder enc = new CommandEncoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH)
            .ruleId(5).instrumentId(3).command((byte) 2).body(text, text.length, payload, payload.length);
        assertEquals(RecordValidator.VALID, validator.validate(buffer, 0, RecordHeaderEncoder.ENCODED_LENGTH + enc.encodedLength()));
        final CommandDecoder dec = new CommandDecoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH);
        assertEquals(5, dec.ruleId());
        assertEquals(3, dec.instrumentId());
        assertEquals(2, dec.command());
        final byte[] out = new byte[1024];
        assertArrayEquals(text, Arrays.copyOf(out, dec.getText(out)));
        assertArrayEquals(payload, Arrays.copyOf(out, dec.getPayload(out)));
    }

    @Test
    void shouldRejectNewerVersionUnknownKindAndInconsistentLengths() {
        new RecordHeaderEncoder().wrap(buffer, 0).kind(JournalLayout.KIND_TIMER).sequence(1).eventTimeEpochMs(1);
        new TimerEncoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH).ruleId(1).timerType((byte) 1);
        final int length = RecordHeaderEncoder.ENCODED_LENGTH + TimerEncoder.ENCODED_LENGTH;
        assertEquals(RecordValidator.VALID, validator.validate(buffer, 0, length));
        assertEquals(RecordValidator.BODY_LENGTH_MISMATCH, validator.validate(buffer, 0, length + 1));
        assertEquals(RecordValidator.BODY_TOO_SHORT, validator.validate(buffer, 0, length - 1));
        assertEquals(RecordValidator.TOO_SHORT_FOR_HEADER, validator.validate(buffer, 0, 10));
        buffer.putByte(RecordHeaderEncoder.KIND_OFFSET, (byte) 77);
        assertEquals(RecordValidator.UNKNOWN_KIND, validator.validate(buffer, 0, length));
        buffer.putByte(RecordHeaderEncoder.VERSION_OFFSET, (byte) (JournalLayout.CURRENT_VERSION + 1));
        assertEquals(RecordValidator.NEWER_VERSION, validator.validate(buffer, 0, length));

        new RecordHeaderEncoder().wrap(buffer, 0).kind(JournalLayout.KIND_MARKET_TICK).sequence(1).eventTimeEpochMs(1);
        new MarketTickEncoder().wrap(buffer, RecordHeaderEncoder.ENCODED_LENGTH, 0, 31);
        assertEquals(RecordValidator.BODY_LENGTH_MISMATCH,
            validator.validate(buffer, 0, RecordHeaderEncoder.ENCODED_LENGTH + MarketTickEncoder.encodedLength(0, 31)));
    }
}
